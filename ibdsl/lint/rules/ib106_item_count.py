from ..rule import Rule

RULE = Rule(
    code="IB106",
    name="item-count",
    summary="A list or map with fewer or more entries than the API allows (empty lists, over 50 tags).",
    doc="Lists and maps have counts in the botocore model: tags at most 50 and never an empty map, "
    "supported_os_versions 1..25, target_account_ids 1..1,536, license configurations 1..50.",
    bad='image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n  tags = {}\n}\n',
    good='image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n}\n',
)
