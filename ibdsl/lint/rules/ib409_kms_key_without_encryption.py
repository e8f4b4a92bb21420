from ...compile.payloads import display, ebs_volumes
from ..rule import Rule


def check(ctx):
    for ebs in ebs_volumes(ctx.resources):
        if "kmsKeyId" in ebs.value and ebs.value.get("encrypted") is not True:
            path = ebs.path + ("kmsKeyId",)
            ctx.report(
                ebs.resource,
                path,
                f"{display(path)}: a KMS key only applies to an encrypted volume; add encrypted = true",
            )


RULE = Rule(
    code="IB409",
    name="kms-key-without-encryption",
    summary="kms_key_id on a volume that is not encrypted.",
    doc="EC2 uses the KMS key only to encrypt the volume; with encrypted unset or false the request "
    "is refused. Set encrypted = true next to kms_key_id.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 10, kms_key_id = "alias/data" } }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 10, kms_key_id = "alias/data", encrypted = true } }]
}
""",
    check=check,
)
