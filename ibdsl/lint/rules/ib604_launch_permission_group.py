from ...compile.payloads import display, distributions
from ..rule import Rule


def check(ctx):
    for part in distributions(ctx.resources):
        ami = part.value.get("amiDistributionConfiguration")
        permission = ami.get("launchPermission") if isinstance(ami, dict) else None
        groups = permission.get("userGroups") if isinstance(permission, dict) else None
        if not isinstance(groups, list):
            continue
        for index, group in enumerate(groups):
            if group != "all":
                path = part.path + ("amiDistributionConfiguration", "launchPermission", "userGroups", index)
                ctx.report(
                    part.resource,
                    path,
                    f"{display(path)}: EC2's only launch permission group is 'all' (public); got {group!r}",
                )


RULE = Rule(
    code="IB604",
    name="launch-permission-group",
    summary='user_groups in a launch permission can only be "all".',
    doc="EC2 knows one launch permission group, all, which makes the AMI public. To share with "
    "accounts or organizations use user_ids, organization_arns or organizational_unit_arns.",
    bad="""\
distribution "golden" {
  distributions = [{
    region = "us-east-1"
    ami_distribution_configuration { launch_permission { user_groups = ["developers"] } }
  }]
}
""",
    good="""\
distribution "golden" {
  distributions = [{
    region = "us-east-1"
    ami_distribution_configuration { launch_permission { user_ids = ["111122223333"] } }
  }]
}
""",
    check=check,
    kinds=("distribution",),
)
