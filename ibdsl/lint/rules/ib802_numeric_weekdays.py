from ...compile.payloads import schedules
from ...domain.schedules import numeric_weekday_range
from ..rule import Rule


def check(ctx):
    for part in schedules(ctx.resources):
        expression = part.value.get("scheduleExpression")
        found = numeric_weekday_range(expression) if isinstance(expression, str) else None
        if found:
            offset, length, text = found
            ctx.report(
                part.resource,
                part.path + ("scheduleExpression",),
                f"schedule_expression: day-of-week {text} counts from 1 = Sunday; write names "
                f"(MON-FRI) so nobody has to know which day 1 is",
                at=(1, offset + 1, 1, offset + length + 1),
            )


RULE = Rule(
    code="IB802",
    name="numeric-weekdays",
    severity="warning",
    summary="A numeric day-of-week range in a schedule: names say which days are meant.",
    doc="The user guide's cron page numbers day-of-week from 1 = Sunday today; an older copy "
    "said Monday, and its example `1-5` is labelled 'every weekday'. `MON-FRI` cannot be read "
    "two ways.",
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
    schedule_expression = "cron(0 3 ? * 2-6 *)"
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
    schedule_expression = "cron(0 3 ? * MON-FRI *)"
  }
}
""",
    check=check,
    kinds=("image_pipeline",),
)
