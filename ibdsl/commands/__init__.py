"""What each command does, apart from its arguments and its output: the command line parses
arguments, calls these, renders what they return and picks the exit code."""
