from ...compile.payloads import schedules
from ...domain.schedules import timezone_problem
from ..rule import Rule


def check(ctx):
    for part in schedules(ctx.resources):
        zone = part.value.get("timezone")
        problem = timezone_problem(zone) if isinstance(zone, str) else None
        if problem:
            ctx.report(part.resource, part.path + ("timezone",), f"timezone: {problem}")


RULE = Rule(
    code="IB803",
    name="time-zone",
    summary="A schedule time zone that is not an IANA name.",
    doc="Schedules run in an IANA time zone (`Etc/UTC`, `Europe/Berlin`), UTC when none is "
    "given (botocore 1.44.8, Schedule.timezone). Checked offline against this machine's time "
    "zone database, with the nearest name; skipped where there is none.",
    bad="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
}
image_recipe "web" {
  semantic_version = "1.0.x"
  parent_image     = aws_image("amazon-linux-2023-x86", "x.x.x")
}
image_pipeline "nightly" {
  image_recipe_arn                 = image_recipe.web
  infrastructure_configuration_arn = infrastructure_configuration.build
  schedule {
    schedule_expression = "cron(0 3 * * ? *)"
    timezone            = "Europe/Berln"
  }
}
""",
    good="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
}
image_recipe "web" {
  semantic_version = "1.0.x"
  parent_image     = aws_image("amazon-linux-2023-x86", "x.x.x")
}
image_pipeline "nightly" {
  image_recipe_arn                 = image_recipe.web
  infrastructure_configuration_arn = infrastructure_configuration.build
  schedule {
    schedule_expression = "cron(0 3 * * ? *)"
    timezone            = "Europe/Berlin"
  }
}
""",
    check=check,
    kinds=("image_pipeline",),
)
