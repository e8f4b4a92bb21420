"""Maintainer tools: schema and documentation generators."""
