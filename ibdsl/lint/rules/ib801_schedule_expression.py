from ...compile.payloads import schedules
from ...domain.schedules import expression_problems
from ..rule import Rule


def check(ctx):
    for part in schedules(ctx.resources):
        expression = part.value.get("scheduleExpression")
        if not isinstance(expression, str):
            continue
        path = part.path + ("scheduleExpression",)
        for problem in expression_problems(expression):
            at = (1, problem.offset + 1, 1, problem.offset + problem.length + 1)
            ctx.report(part.resource, path, f"schedule_expression: {problem.message}", at=at)


RULE = Rule(
    code="IB801",
    name="schedule-expression",
    summary="A pipeline schedule the service refuses: cron with six fields and their values, or rate().",
    doc="Image Builder reads `cron(minute hour day month day-of-week year)`, six fields, and "
    "since 2021 refuses the five-field form other tools use (the message shows the six-field "
    "one). Day and day-of-week: one of them is `?`. Fields take their numbers (month and "
    "day-of-week also names), `, - * /`, and day `L` `W`, day-of-week `L` `#1`-`#5`. "
    "`rate(1 day)`, `rate(12 hours)` are accepted too (botocore 1.44.8 Schedule docs). The "
    "finding points at the field inside the string.",
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
    schedule_expression = "cron(0 3 * * *)"
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
  }
}
""",
    check=check,
    kinds=("image_pipeline",),
)
