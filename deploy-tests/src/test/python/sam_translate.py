#!/usr/bin/env python3
"""Translates a SAM template into the CloudFormation template that `sam deploy` creates, with AWS's own translator.

The AWS::Serverless-2016-10-31 transform that CloudFormation runs on `sam deploy` is aws-sam-translator; this runs the
same library offline, for given parameter values, and prints the resulting template as JSON.

    sam_translate.py <template.yaml> '<parameter values as a JSON object>'   (region: AWS_DEFAULT_REGION, us-east-1)

Exits 2 with the translator's message when the template does not translate.
"""
import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from samtranslator.model.exceptions import InvalidDocumentException  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402


def as_packaged(template):
    """What `sam deploy` (through `sam package`) does first: uploads each local CodeUri and names the S3 object instead.
    The object's key stands for the uploaded file; here it is the local path, so that equal code gives equal keys."""
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        code_uri = properties.get("CodeUri")
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(code_uri, str) and "://" not in code_uri:
            properties["CodeUri"] = "s3://sam-artifacts-bucket/" + code_uri
    return template


class NoManagedPolicies:
    """The template names managed policies by ARN and uses no SAM policy templates: nothing to look up in IAM."""

    def load(self):
        return {}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        template = as_packaged(yaml_parse(f.read()))
    parameters = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    try:
        translated = transform(template, parameters, NoManagedPolicies())
    except InvalidDocumentException as e:
        print("; ".join(cause.message for cause in e.causes), file=sys.stderr)
        sys.exit(2)
    json.dump(translated, sys.stdout, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main()
