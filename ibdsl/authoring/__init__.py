"""Bringing existing definitions in: API JSON and CloudFormation import."""
