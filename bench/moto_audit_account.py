"""moto for the audit benchmark: test/fixtures/moto_launcher.py plus an endpoint that grows a large account.

POST /_iamkit/seed-audit-account {"entities": N} grows the account to N principals and answers
{"roles", "users", "groups", "policies", "seconds"}: ¾ roles (trusting the account, a third with an
inline policy, half with one of ten customer-managed policies attached) and ¼ users (an access
key each, each in one of twenty groups holding a managed and an inline policy), all created
200 days ago. Growing is incremental: 4,000 and then 25,000 creates the first 4,000 once.

Why inside moto's process: over HTTP, 25,000 entities take ~60,000 calls, and moto's
CreateRole, PutRolePolicy and AttachRolePolicy each scan every role (quadratic: many minutes).
Here the same moto model objects are built (moto's own Role, User, AccessKey, Group and
ManagedPolicy classes and backend methods) and indexed once, in seconds; what moto then answers
to GetAccountAuthorizationDetails and the credential report is what it would answer after the
API calls. Each policy document is run through moto's own validator once, as PutRolePolicy does.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures"))

import moto_launcher  # noqa: E402  (patches moto's clock on import)
from moto.iam.models import Role, iam_backends  # noqa: E402
from moto.iam.policy_validation import IAMPolicyDocumentValidator  # noqa: E402
from moto.iam.utils import random_role_id  # noqa: E402

ACCOUNT = "123456789012"
MANAGED_POLICIES = 10
GROUPS = 20
AGE_SECONDS = 200 * 86_400

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})
INLINE = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::bench-bucket/*"},
            {"Effect": "Allow", "Action": "dynamodb:Query", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}},
        ],
    }
)
GROUP_INLINE = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "cloudwatch:Get*", "cloudwatch:List*"], "Resource": "*"}]})


def managed_document(i: int) -> str:
    """Ten application policies, each a little different (wildcards, NotResource, conditions), as real accounts hold."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "Read", "Effect": "Allow", "Action": ["sqs:Get*", "sqs:ReceiveMessage", "sqs:DeleteMessage", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"},
                {"Sid": "Data", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], "Resource": f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/app-{i}"},
                {"Sid": "Keys", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "sqs.eu-west-1.amazonaws.com"}}},
                {"Sid": "NoIam", "Effect": "Deny", "Action": "iam:*", "NotResource": f"arn:aws:iam::{ACCOUNT}:role/app-{i}-*"},
            ],
        }
    )


def shape(entities: int) -> tuple[int, int]:
    roles = round(entities * 3 / 4)
    return roles, entities - roles


def seed(entities: int) -> dict:
    started = time.perf_counter()
    iam = iam_backends[ACCOUNT]["aws"]
    for document in [TRUST, INLINE, GROUP_INLINE, *(managed_document(i) for i in range(MANAGED_POLICIES))]:
        if document is not TRUST:
            IAMPolicyDocumentValidator(document).validate()
    moto_launcher.set_clock_offset(-AGE_SECONDS)
    try:
        policy_arn = lambda i: f"arn:aws:iam::{ACCOUNT}:policy/bench-app-{i}"  # noqa: E731
        if "bench-group-0" not in iam.groups:
            for i in range(MANAGED_POLICIES):
                iam.create_policy(description="", path="/", policy_document=managed_document(i), policy_name=f"bench-app-{i}", tags=[])
            for i in range(GROUPS):
                name = f"bench-group-{i}"
                iam.create_group(name)
                iam.attach_group_policy(policy_arn(i % MANAGED_POLICIES), name)
                iam.put_group_policy(name, "observe", GROUP_INLINE)
        policies = {i: iam.managed_policies[policy_arn(i)] for i in range(MANAGED_POLICIES)}
        existing_roles = {role.name for role in iam.roles.values()}
        roles, users = shape(entities)
        for i in range(roles):
            name = f"bench-role-{i:05d}"
            if name in existing_roles:
                continue
            # What IAMBackend.create_role does, without its scan of every role for the name.
            role_id = random_role_id(ACCOUNT)
            role = Role(ACCOUNT, iam.partition, role_id, name, TRUST, "/", None, "", [], None)
            iam.roles[role_id] = role
            if i % 3 == 0:
                role.put_policy("app", INLINE)
            if i % 2 == 0:
                policies[i % MANAGED_POLICIES].attach_to(role)
        for i in range(users):
            name = f"bench-user-{i:05d}"
            if name in iam.users:
                continue
            iam.create_user(iam.region_name, name)
            iam.create_access_key(name)
            iam.add_user_to_group(f"bench-group-{i % GROUPS}", name)
    finally:
        moto_launcher.set_clock_offset(0)
    return {
        "roles": sum(1 for r in iam.roles.values() if r.name.startswith("bench-role-")),
        "users": sum(1 for u in iam.users if u.startswith("bench-user-")),
        "groups": len(iam.groups),
        "policies": sum(1 for arn in iam.managed_policies if ":policy/bench-app-" in arn),
        "seconds": time.perf_counter() - started,
    }


class SeedEndpoint:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != "/_iamkit/seed-audit-account" or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        answer = json.dumps(seed(int(body["entities"])))
        start_response("200 OK", [("Content-Type", "application/json")])
        return [answer.encode()]


if __name__ == "__main__":
    moto_launcher.main(SeedEndpoint)
