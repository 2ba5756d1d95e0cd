"""Sigil's Python runtime for trigger handlers: the Lambda Runtime API loop, as AWS's own
runtime runs it. It loads _HANDLER (module.function) from LAMBDA_TASK_ROOT, then asks
AWS_LAMBDA_RUNTIME_API for each event, calls the handler and posts its answer or error.
It ends when the API goes away (Sigil stopped)."""
import http.client
import importlib
import json
import os
import sys
import time
import traceback

HOST, _, PORT = os.environ["AWS_LAMBDA_RUNTIME_API"].rpartition(":")
BASE = "/2018-06-01/runtime"
# One connection, kept open between calls (as AWS's runtime client does).
connection = http.client.HTTPConnection(HOST, int(PORT))


def request(method, path, body=None, headers=None):
    """The API's answer (status, headers, body); one retry on a fresh connection."""
    global connection
    for attempt in (1, 2):
        try:
            connection.request(method, BASE + path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        except (http.client.HTTPException, OSError):
            connection.close()
            if attempt == 2:
                raise
            connection = http.client.HTTPConnection(HOST, int(PORT))


def post(path, body, headers=None):
    request("POST", path, json.dumps(body).encode(), headers)


def error_body(error):
    return {"errorMessage": str(error), "errorType": type(error).__name__,
            "stackTrace": traceback.format_tb(error.__traceback__)}


class Context:
    def __init__(self, request_id, deadline_ms, arn):
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.identity = None
        self.client_context = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))


def load():
    root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    sys.path.insert(0, root)
    module_name, _, function_name = os.environ["_HANDLER"].rpartition(".")
    return getattr(importlib.import_module(module_name), function_name)


def main():
    try:
        handler = load()
    except Exception as error:  # reported as Lambda reports a failed init
        post("/init/error", error_body(error), {"Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError"})
        sys.exit(1)
    while True:
        try:
            status, headers, body = request("GET", "/invocation/next")
        except (http.client.HTTPException, OSError):
            return  # the API is gone: Sigil stopped
        if status != 200:
            return
        request_id = headers["Lambda-Runtime-Aws-Request-Id"]
        context = Context(request_id, int(headers.get("Lambda-Runtime-Deadline-Ms", "0")),
                          headers.get("Lambda-Runtime-Invoked-Function-Arn", ""))
        event = json.loads(body)
        try:
            result = handler(event, context)
            post(f"/invocation/{request_id}/response", result)
        except Exception as error:
            post(f"/invocation/{request_id}/error", error_body(error),
                 {"Lambda-Runtime-Function-Error-Type": "Unhandled"})


if __name__ == "__main__":
    main()
