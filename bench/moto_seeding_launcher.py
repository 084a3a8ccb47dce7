"""moto for the organization benchmark: the test launcher (movable clock), plus bulk seeding.

Seeding 100 accounts of 200 entities over HTTP is ~45,000 requests, which moto (one Python
process) serves at well under 100 a second: over ten minutes before the benchmark starts. Here
POST /_iamkit/seed-iam {"accountId", "calls": [[ACTION, {params}], ...]} makes the same IAM calls
in moto's process: each call goes to the IAM backend method that moto's HTTP handler for that
action calls, with the parameters that handler passes, so the account holds what the same calls
over HTTP would leave (the suite checks one account seeded both ways gives the same audit).

  python3 bench/moto_seeding_launcher.py [port]   prints "listening <port>" like the test launcher
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures"))

import moto_launcher  # noqa: E402  (patches moto's clock on import)
from moto.iam.models import iam_backends  # noqa: E402
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

REGION = "us-east-1"

# Action → how moto's IAM response handler (moto/iam/responses.py) calls the backend for it.
CALLS = {
    "CreatePolicy": lambda iam, p: iam.create_policy(p.get("Description"), p.get("Path"), p["PolicyDocument"], p["PolicyName"], []),
    "CreateGroup": lambda iam, p: iam.create_group(p["GroupName"], p.get("Path", "/")),
    "AttachGroupPolicy": lambda iam, p: iam.attach_group_policy(p["PolicyArn"], p["GroupName"]),
    "PutGroupPolicy": lambda iam, p: iam.put_group_policy(p["GroupName"], p["PolicyName"], p["PolicyDocument"]),
    "CreateRole": lambda iam, p: iam.create_role(p["RoleName"], p["AssumeRolePolicyDocument"], p.get("Path"), None, p.get("Description"), [], 3600),
    "PutRolePolicy": lambda iam, p: iam.put_role_policy(p["RoleName"], p["PolicyName"], p["PolicyDocument"]),
    "AttachRolePolicy": lambda iam, p: iam.attach_role_policy(p["PolicyArn"], p["RoleName"]),
    "CreateUser": lambda iam, p: iam.create_user(REGION, user_name=p["UserName"], path=p.get("Path"), tags=[]),
    "CreateAccessKey": lambda iam, p: iam.create_access_key(p["UserName"]),
    "AddUserToGroup": lambda iam, p: iam.add_user_to_group(p["GroupName"], p["UserName"]),
}


class SeedEndpoint:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != "/_iamkit/seed-iam" or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length))
        iam = iam_backends[body["accountId"]]["global"]
        done = 0
        try:
            for action, params in body["calls"]:
                CALLS[action](iam, params)
                done += 1
        except Exception as err:  # the caller must see a failed seed, never a partial one as done
            start_response("500 Internal Server Error", [("Content-Type", "application/json")])
            return [json.dumps({"error": f"{type(err).__name__}: {err}", "done": done}).encode()]
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"done": done}).encode()]


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    app = DomainDispatcherApplication(create_backend_app)
    server = make_server("127.0.0.1", port, SeedEndpoint(moto_launcher.ClockEndpoint(app)), threaded=True)
    print(f"listening {server.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
