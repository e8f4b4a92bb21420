from ...compile.schema import load_schema
from ..documents import every_document, report
from ..rule import Rule


def max_chars(kind) -> int:
    """The API's limit on inline `data`, from the schema generated from botocore."""
    schema = load_schema(kind.operation)
    return schema.resolve(schema.document["properties"]["data"])[1]["maxLength"]


def check(ctx):
    for doc in every_document(ctx):
        limit = max_chars(doc.resource.kind)
        size = len(doc.text)
        if size > limit:
            report(
                ctx,
                doc,
                (limit, limit + 1),
                f"data is {size:,} characters and the API takes at most {limit:,} inline: this is where it "
                f'goes over; upload the document to S3 and give uri = "s3://bucket/key.yaml" instead',
            )


RULE = Rule(
    code="IBD001",
    name="document-size",
    summary="An inline component or workflow document longer than the 16,000 characters the API takes.",
    doc="`data` is at most 16,000 characters (botocore 1.44.8, InlineComponentData; CloudFormation "
    "refuses the same, aws/aws-parallelcluster#6906): the most reported component failure "
    "(terraform-provider-aws#29377, pulumi-aws#4453). The count is of the text sent, after "
    "interpolation and `<<-` indentation stripping. The finding points at the first character "
    "past the limit, in the heredoc or in the file that file() read. Larger documents go to S3 and "
    "are given by `uri`. This rule replaces IB103's message for `data`.",
    bad="""\
# 19 characters doubled ten times: 19,456
fragment x1 = "# 0123456789abcdef\\n"
fragment x2 = fragment.x1 + fragment.x1
fragment x3 = fragment.x2 + fragment.x2
fragment x4 = fragment.x3 + fragment.x3
fragment x5 = fragment.x4 + fragment.x4
fragment x6 = fragment.x5 + fragment.x5
fragment x7 = fragment.x6 + fragment.x6
fragment x8 = fragment.x7 + fragment.x7
fragment x9 = fragment.x8 + fragment.x8
fragment x10 = fragment.x9 + fragment.x9
fragment x11 = fragment.x10 + fragment.x10
component "big" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = fragment.x11
}
""",
    good='component "big" {\n  semantic_version = "1.0.0"\n  platform         = Linux\n'
    '  uri              = "s3://my-bucket/components/big.yaml"\n}\n',
    check=check,
    per_document=True,
)
