"""Generate benchmark corpora: realistic .ib projects and the equivalent CloudFormation.

A corpus of N files holds `common.ib` (settings, shared fragments) and N-1 recipe files that
import it; each recipe file (40-80 lines) has a component, a base recipe with block devices
and components, and a recipe that extends it. The one-file corpus is one self-contained
recipe file. Each recipe file has a CloudFormation twin: one template with an
AWS::ImageBuilder::Component and one AWS::ImageBuilder::ImageRecipe per recipe.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

COMMON = """# Shared by every recipe file of the corpus.
settings {
  region  = "us-east-1"
  account = "111122223333"
}

fragment common_tags = {
  ManagedBy = "ibdsl"
  Team      = "platform"
}

fragment hardening = [
  aws_component("update-linux", "1.x.x"),
  aws_component("reboot-test-linux", "x.x.x"),
]
"""

SETTINGS_AND_FRAGMENTS = COMMON.replace("# Shared by every recipe file of the corpus.\n", "")


def recipe_file(index: int, standalone: bool, rng: random.Random) -> str:
    size = rng.choice([20, 30, 50, 80])
    data_size = rng.choice([100, 200, 500])
    iops = rng.choice([3000, 4000, 6000])
    head = SETTINGS_AND_FRAGMENTS if standalone else 'import "common.ib"\n'
    return f"""{head}
# Recipe family {index}: a base image and a derived one.
component "tool-{index}" {{
  semantic_version = "1.{index % 7}.0"
  description      = "Installs tool {index}"
  platform         = Linux
  data = <<-EOT
    name: tool-{index}
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Install
            action: ExecuteBash
            inputs:
              commands: ["echo install {index}"]
    EOT
  tags = fragment.common_tags
}}

image_recipe "base-{index}" {{
  semantic_version = "2.0.{index}"
  description      = "Base image {index}"
  parent_image     = aws_image("amazon-linux-2023-x86", "x.x.x")
  components       = fragment.hardening + [component.tool-{index}]
  block_device_mappings = [
    {{
      device_name = "/dev/xvda"
      ebs {{
        volume_size           = {size}
        volume_type           = gp3
        encrypted             = true
        delete_on_termination = true
      }}
    }},
    {{
      device_name = "/dev/sdf"
      ebs {{
        volume_size = {data_size}
        volume_type = gp3
        iops        = {iops}
        throughput  = 250
        encrypted   = true
      }}
    }},
  ]
  tags = fragment.common_tags + {{ Role = "base" }}
}}

image_recipe "derived-{index}" extends "base-{index}" {{
  semantic_version = "2.1.{index}"
  description      = "Derived image {index}"
  components      += [aws_component("amazon-cloudwatch-agent-linux", "1.x.x")]
  block_device_mappings -= ["/dev/sdf"]
  tags            += {{ Role = "derived" }}
}}
"""


def cloudformation(index: int, rng: random.Random) -> dict:
    """The CloudFormation twin of recipe_file(index)."""
    size = rng.choice([20, 30, 50, 80])  # the same draws as recipe_file's, from the same seed
    data_size = rng.choice([100, 200, 500])
    iops = rng.choice([3000, 4000, 6000])
    region = "us-east-1"
    tags = {"ManagedBy": "ibdsl", "Team": "platform"}
    hardening = [
        {"ComponentArn": f"arn:aws:imagebuilder:{region}:aws:component/update-linux/1.x.x"},
        {"ComponentArn": f"arn:aws:imagebuilder:{region}:aws:component/reboot-test-linux/x.x.x"},
    ]
    tool = {"ComponentArn": {"Ref": "Tool"}}
    root = {
        "DeviceName": "/dev/xvda",
        "Ebs": {"VolumeSize": size, "VolumeType": "gp3", "Encrypted": True, "DeleteOnTermination": True},
    }
    data = {
        "DeviceName": "/dev/sdf",
        "Ebs": {"VolumeSize": data_size, "VolumeType": "gp3", "Iops": iops, "Throughput": 250, "Encrypted": True},
    }
    parent = f"arn:aws:imagebuilder:{region}:aws:image/amazon-linux-2023-x86/x.x.x"
    document = f'name: tool-{index}\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n      - name: Install\n        action: ExecuteBash\n        inputs:\n          commands: ["echo install {index}"]\n'
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"Recipe family {index}",
        "Resources": {
            "Tool": {"Type": "AWS::ImageBuilder::Component", "Properties": {
                "Name": f"tool-{index}", "Version": f"1.{index % 7}.0", "Description": f"Installs tool {index}",
                "Platform": "Linux", "Data": document, "Tags": tags}},
            "Base": {"Type": "AWS::ImageBuilder::ImageRecipe", "Properties": {
                "Name": f"base-{index}", "Version": f"2.0.{index}", "Description": f"Base image {index}",
                "ParentImage": parent, "Components": hardening + [tool], "BlockDeviceMappings": [root, data],
                "Tags": {**tags, "Role": "base"}}},
            "Derived": {"Type": "AWS::ImageBuilder::ImageRecipe", "Properties": {
                "Name": f"derived-{index}", "Version": f"2.1.{index}", "Description": f"Derived image {index}",
                "ParentImage": parent,
                "Components": hardening + [tool, {"ComponentArn": f"arn:aws:imagebuilder:{region}:aws:component/amazon-cloudwatch-agent-linux/1.x.x"}],
                "BlockDeviceMappings": [root], "Tags": {**tags, "Role": "derived"}}},
        },
    }  # fmt: skip


def write_corpus(root: Path, files: int) -> tuple[Path, Path]:
    """Write N .ib files under root/ib and their CloudFormation twins under root/cfn."""
    ib, cfn = root / "ib", root / "cfn"
    ib.mkdir(parents=True, exist_ok=True)
    cfn.mkdir(parents=True, exist_ok=True)
    if files == 1:
        rng = random.Random(0)
        (ib / "recipe-0.ib").write_text(recipe_file(0, standalone=True, rng=rng))
        (cfn / "recipe-0.json").write_text(json.dumps(cloudformation(0, random.Random(0)), indent=2))
        return ib, cfn
    (ib / "common.ib").write_text(COMMON)
    for index in range(files - 1):
        (ib / f"recipe-{index}.ib").write_text(recipe_file(index, standalone=False, rng=random.Random(index)))
        (cfn / f"recipe-{index}.json").write_text(json.dumps(cloudformation(index, random.Random(index)), indent=2))
    return ib, cfn
