from ...domain.kinds import COMPONENT, WORKFLOW
from ..rule import Rule


def check(ctx):
    for resource in ctx.resources:
        if resource.kind not in (COMPONENT, WORKFLOW):
            continue
        payload, kind = resource.payload, resource.kind.block
        if "data" in payload and "uri" in payload:
            ctx.report(resource, ("uri",), f"a {kind} takes its document from data or uri, not both", at_key=True)
        elif "data" not in payload and "uri" not in payload and not resource.depends_on_lost(("data",)):
            ctx.report(
                resource, (), f"{kind} '{resource.name}' has no document: give data (a heredoc or file()) or uri"
            )
        uri = payload.get("uri")
        if isinstance(uri, str) and not uri.startswith("s3://"):
            ctx.report(
                resource, ("uri",), f"uri: a {kind} document is read from S3, such as s3://bucket/key; got {uri!r}"
            )


RULE = Rule(
    code="IB510",
    name="document-source",
    summary="A component or workflow needs its document from exactly one of data and uri (an s3:// URL).",
    doc='"You must specify exactly one of the data or uri properties" (botocore 1.44.8, '
    'CreateComponentRequest and CreateWorkflowRequest), and the uri "must be an S3 URL '
    '(s3://bucket/key)".',
    bad="""\
workflow "tests" {
  semantic_version = "1.0.0"
  type             = TEST
  uri              = "https://example.com/tests.yaml"
}
""",
    good="""\
workflow "tests" {
  semantic_version = "1.0.0"
  type             = TEST
  uri              = "s3://my-bucket/workflows/tests.yaml"
}
""",
    check=check,
)
