from ..rule import Rule

RULE = Rule(
    code="IB002",
    name="invalid-source",
    summary="A reference, expression, import or extends that cannot be evaluated.",
    doc="The file parses, but something in it has no meaning: an undefined variable, fragment or "
    "component, an unknown function, a type mismatch in `+`, an import that cannot be read, an "
    "extends or import cycle. Always an error; it cannot be ignored.",
    bad='image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = var.base_ami\n  components = [aws_component("update-linux", "1.x.x")]\n}\n',
    good='variable base_ami: string = "ami-0123456789abcdef0"\n'
    'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = var.base_ami\n  components = [aws_component("update-linux", "1.x.x")]\n}\n',
)
