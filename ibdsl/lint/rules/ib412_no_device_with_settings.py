from ...compile.payloads import block_devices, display
from ...naming import snake
from ..rule import Rule


def check(ctx):
    for part in block_devices(ctx.resources):
        if "noDevice" not in part.value:
            continue
        beside = [key for key in ("ebs", "virtualName") if key in part.value]
        if beside:
            named = " and ".join(snake(key) for key in beside)
            ctx.report(
                part.resource,
                part.path,
                f"{display(part.path)}: no_device suppresses the device, so the {named} beside it "
                f"{'is' if len(beside) == 1 else 'are'} ignored; remove one or the other",
            )


RULE = Rule(
    code="IB412",
    name="no-device-with-settings",
    severity="warning",
    summary="A mapping with no_device and ebs or virtual_name: the device is suppressed, the settings ignored.",
    doc='EC2 documents no_device = "" as suppressing the device in the mapping; settings beside it '
    "have no effect. AWS's own sample (aws-samples/amazon-ec2-image-builder-samples, the CDK "
    "hello-world recipe) maps its root device with both ebs and no_device, and the service "
    "accepts it, so this is a warning, not a refusal: say which one you mean.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  block_device_mappings = [{ device_name = "/dev/xvda", no_device = "", ebs { volume_size = 20 } }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  block_device_mappings = [{ device_name = "/dev/xvda", ebs { volume_size = 20 } }]
}
""",
    check=check,
)
