"""Every lint rule, in code order: the one list `ibdsl rules`, the linter and the docs read."""

from __future__ import annotations

from importlib import import_module

MODULES = (
    "ib001_syntax_error",
    "ib002_invalid_source",
    "ib101_missing_member",
    "ib102_unknown_enum_value",
    "ib103_text_length",
    "ib104_text_pattern",
    "ib105_number_range",
    "ib106_item_count",
    "ib107_value_type",
    "ib108_unknown_member",
    "ib201_version_assignment",
    "ib202_version_filter",
    "ib203_version_node_limit",
    "ib301_unresolved_version",
    "ib401_ebs_volume_size",
    "ib402_ebs_iops",
    "ib403_ebs_throughput",
    "ib404_ebs_throughput_per_iops",
    "ib405_ebs_iops_per_gib",
    "ib406_duplicate_device_name",
    "ib407_mapping_kind",
    "ib408_virtual_name",
    "ib409_kms_without_encryption",
    "ib410_device_name",
    "ib411_hdd_boot_volume",
    "ib501_component_count",
    "ib502_duplicate_component",
    "ib503_user_data_size",
    "ib504_dockerfile_source",
    "ib505_dockerfile_placeholders",
    "ib506_ecr_repository_name",
    "ib507_parent_image",
    "ib601_duplicate_region",
    "ib602_ami_name_placeholder",
    "ib603_unknown_region",
    "ib604_launch_permission_group",
    "ib605_s3_bucket_name",
    "ib702_duplicate_resource",
    "ib901_unused_suppression",
)

RULES = tuple(import_module(f"{__package__}.rules.{name}").RULE for name in MODULES)
BY_CODE = {rule.code: rule for rule in RULES}
