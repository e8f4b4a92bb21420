"""From syntax trees to boto3 payloads: loading, variables, evaluation, composition, lowering."""
