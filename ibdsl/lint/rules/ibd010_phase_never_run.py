from ...domain.awstoe import phase_stage
from ..documents import documents, report
from ..rule import Rule


def check(ctx):
    for doc in documents(ctx):
        if doc.model is None:
            continue
        for phase in doc.model.phases:
            if phase.name is not None and phase_stage(phase.name) is None:
                report(
                    ctx,
                    doc,
                    phase.name_node,
                    f"Image Builder never runs a phase named '{phase.name}': it runs build and validate "
                    "when it builds the image, test (and container-host-test) when it tests it",
                )


RULE = Rule(
    code="IBD010",
    name="phase-never-run",
    summary="A phase with a name Image Builder never runs (it runs build, validate, test, container-host-test).",
    doc="The service accepts other phase names (it parsed a phase named `update`, "
    "aws-samples/cdk-image-pipeline#135) but Image Builder runs only build and validate in the "
    "build stage and test (and container-host-test for container images) in the test stage: "
    "the steps of any other phase never run, unless `awstoe run --phases` names it.",
    bad="""\
component "update" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Update
            action: UpdateOS
      - name: verify
        steps:
          - name: Check
            action: ExecuteBash
            inputs:
              commands: [dnf check-update]
    EOT
}
""",
    good="""\
component "update" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Update
            action: UpdateOS
      - name: validate
        steps:
          - name: Check
            action: ExecuteBash
            inputs:
              commands: [dnf check-update]
    EOT
}
""",
    severity="warning",
    check=check,
    per_document=True,
)
