"""ibdsl: a language, compiler, linter and pusher for AWS EC2 Image Builder."""

__version__ = "0.1.0"
