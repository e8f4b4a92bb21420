from ...limits import limit
from ..ebs import fmt
from ..rule import Rule


def check(ctx):
    most = limit("user_data", "max_base64_chars")
    for resource in ctx.resources:
        config = resource.payload.get("additionalInstanceConfiguration")
        data = config.get("userDataOverride") if isinstance(config, dict) else None
        if isinstance(data, str) and len(data) > most:
            ctx.report(
                resource,
                ("additionalInstanceConfiguration", "userDataOverride"),
                f"additional_instance_configuration.user_data_override is {fmt(len(data))} base64 characters after encoding; "
                f"Image Builder allows at most {fmt(most)} (about {fmt(most * 3 // 4)} bytes of script)",
            )


RULE = Rule(
    code="IB503",
    name="user-data-size",
    summary="User data is at most 21,847 base64 characters after encoding (about 16 KB of script).",
    doc="ibdsl base64-encodes user data written as text; the API limit (UserDataOverride, 21,847 "
    "characters) applies to the encoded form, which is a third larger than the script. Move long "
    "scripts into a component.",
    bad='image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n'
    '  additional_instance_configuration { user_data_override = "' + "echo 0123456789 && " * 900 + '" }\n}\n',
    good='image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n'
    '  additional_instance_configuration { user_data_override = "echo hello" }\n}\n',
    check=check,
)
