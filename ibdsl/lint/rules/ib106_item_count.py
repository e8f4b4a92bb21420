from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.ITEM_COUNT,
    name="item-count",
    summary="A list or map with fewer or more entries than the API allows (empty lists, over 50 tags).",
    doc="Lists and maps have counts in the botocore model: tags at most 50 and never an empty map, "
    "supported_os_versions 1..25, target_account_ids 1..1,536, license configurations 1..50.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  tags = {}
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
)
