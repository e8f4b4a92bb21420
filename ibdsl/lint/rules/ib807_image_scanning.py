from ...compile.payloads import pipelines
from ..rule import Rule


def check(ctx):
    for resource in pipelines(ctx.resources):
        scanning = resource.payload.get("imageScanningConfiguration")
        if not isinstance(scanning, dict):
            continue
        here = ("imageScanningConfiguration",)
        types = scanning.get("imageScanningTypes") or []
        tests = resource.payload.get("imageTestsConfiguration") or {}
        if scanning.get("imageScanningEnabled") and tests.get("imageTestsEnabled") is False:
            ctx.report(
                resource,
                here + ("imageScanningEnabled",),
                "image_scanning_configuration: scanning needs image tests enabled",
                at_key=True,
            )
        if len(types) > 1:
            ctx.report(
                resource,
                here + ("imageScanningTypes",),
                "image_scanning_configuration: image_scanning_types takes a single value",
                at_key=True,
            )
        if "ON_DEMAND_AMI_CVE" in types and "containerRecipeArn" in resource.payload:
            ctx.report(
                resource,
                here + ("imageScanningTypes",),
                "image_scanning_configuration: ON_DEMAND_AMI_CVE scans AMIs; a container pipeline makes none",
                at_key=True,
            )
        if "scanResultCondition" in scanning and "ON_DEMAND_AMI_CVE" not in types:
            ctx.report(
                resource,
                here + ("scanResultCondition",),
                "image_scanning_configuration: scan_result_condition applies only with image_scanning_types = [ON_DEMAND_AMI_CVE]",
                at_key=True,
            )


RULE = Rule(
    code="IB807",
    name="image-scanning",
    summary="Image scanning settings that do not go together.",
    doc="Scanning needs image tests enabled; `image_scanning_types` takes a single value; "
    "ON_DEMAND_AMI_CVE scans the output AMI (not container images); `scan_result_condition` "
    "applies only with ON_DEMAND_AMI_CVE (botocore 1.44.8, ImageScanningConfiguration).",
    bad="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
}
image_recipe "web" {
  semantic_version = "1.0.x"
  parent_image     = "ami-0123456789abcdef0"
}
image_pipeline "nightly" {
  image_recipe_arn                 = image_recipe.web
  infrastructure_configuration_arn = infrastructure_configuration.build
  image_scanning_configuration {
    image_scanning_enabled = true
    scan_result_condition { maximum_severity_label = HIGH }
  }
}
""",
    good="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
}
image_recipe "web" {
  semantic_version = "1.0.x"
  parent_image     = "ami-0123456789abcdef0"
}
image_pipeline "nightly" {
  image_recipe_arn                 = image_recipe.web
  infrastructure_configuration_arn = infrastructure_configuration.build
  image_scanning_configuration {
    image_scanning_enabled = true
    image_scanning_types   = [ON_DEMAND_AMI_CVE]
    scan_result_condition { maximum_severity_label = HIGH }
  }
}
""",
    check=check,
    kinds=("image_pipeline",),
)
