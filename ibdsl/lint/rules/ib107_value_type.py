from ..rule import Rule

RULE = Rule(
    code="IB107",
    name="value-type",
    summary="A member given the wrong kind of value (a number for a string, a map for a list).",
    doc="Each member takes one kind of value. The compiler cannot build a payload from the wrong "
    "kind, so this is always an error and cannot be ignored.",
    bad='image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n  working_directory = 5\n}\n',
    good='image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n  working_directory = "/opt/build"\n}\n',
)
