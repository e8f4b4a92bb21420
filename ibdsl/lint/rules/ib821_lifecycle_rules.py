from ...domain.kinds import LIFECYCLE_POLICY
from ...naming import snake
from ..rule import Rule


def check(ctx):
    for resource in ctx.resources:
        if resource.kind is not LIFECYCLE_POLICY:
            continue
        containers = resource.payload.get("resourceType") == "CONTAINER_IMAGE"
        selection = resource.payload.get("resourceSelection") or {}
        if isinstance(selection, dict) and ("recipes" in selection) == ("tagMap" in selection):
            ctx.report(
                resource,
                ("resourceSelection",),
                "resource_selection: give recipes or tag_map, exactly one",
                at_key=True,
            )
        seen = {}
        for index, detail in enumerate(resource.payload.get("policyDetails") or []):
            if not isinstance(detail, dict):
                continue
            here = ("policyDetails", index)
            action = (detail.get("action") or {}).get("type")
            filter_ = detail.get("filter") or {}
            include = (detail.get("action") or {}).get("includeResources") or {}
            if action in seen:
                ctx.report(
                    resource,
                    here + ("action", "type"),
                    f"policy_details[{index}]: a second {action} rule; a policy has one rule per action",
                )
            seen.setdefault(action, index)
            if containers and action not in (None, "DELETE"):
                ctx.report(
                    resource,
                    here + ("action", "type"),
                    f"policy_details[{index}]: container images can only be deleted, not {action}",
                )
            if filter_.get("type") == "COUNT" and action not in (None, "DELETE"):
                ctx.report(
                    resource,
                    here + ("filter", "type"),
                    f"policy_details[{index}]: a COUNT filter goes only with DELETE",
                )
            if filter_.get("type") == "COUNT":
                for key in ("unit", "retainAtLeast"):
                    if key in filter_:
                        ctx.report(
                            resource,
                            here + ("filter", key),
                            f"policy_details[{index}].filter: {snake(key)} goes only with an AGE filter",
                            at_key=True,
                        )
            if action in ("DEPRECATE", "DISABLE") and set(include) - {"amis"}:
                ctx.report(
                    resource,
                    here + ("action", "includeResources"),
                    f"policy_details[{index}]: a {action} rule includes AMIs only",
                    at_key=True,
                )
            if containers and set(include) - {"containers"}:
                ctx.report(
                    resource,
                    here + ("action", "includeResources"),
                    f"policy_details[{index}]: a container image policy includes containers only",
                    at_key=True,
                )
            if filter_.get("type") == "AGE" and "unit" not in filter_:
                ctx.report(
                    resource,
                    here + ("filter",),
                    f"policy_details[{index}].filter: an AGE filter needs unit (DAYS, WEEKS, MONTHS or YEARS)",
                )
            if include.get("snapshots") and not include.get("amis"):
                ctx.report(
                    resource,
                    here + ("action", "includeResources", "snapshots"),
                    f"policy_details[{index}]: snapshots are included only with amis = true",
                    at_key=True,
                )


RULE = Rule(
    code="IB821",
    name="lifecycle-rules",
    summary="Lifecycle policy rules the service refuses in combination.",
    doc="A lifecycle policy has at most one rule per action (DELETE, DEPRECATE, DISABLE); container "
    "images can only be deleted; a COUNT filter only goes with DELETE; an AGE filter needs its "
    "unit; snapshots are included only with AMIs (botocore 1.44.8, LifecyclePolicyDetail; "
    "STACK.md section 5).",
    bad="""\
lifecycle_policy "cleanup" {
  execution_role = "LifecycleRole"
  resource_type  = AMI_IMAGE
  policy_details = [{
    action { type = DEPRECATE }
    filter {
      type  = COUNT
      value = 5
    }
  }]
  resource_selection {
    recipes = [{ name = "web", semantic_version = "1.0.x" }]
  }
}
""",
    good="""\
lifecycle_policy "cleanup" {
  execution_role = "LifecycleRole"
  resource_type  = AMI_IMAGE
  policy_details = [{
    action { type = DEPRECATE }
    filter {
      type  = AGE
      value = 90
      unit  = DAYS
    }
  }]
  resource_selection {
    recipes = [{ name = "web", semantic_version = "1.0.x" }]
  }
}
""",
    check=check,
    kinds=("lifecycle_policy",),
)
