-- One AWS JSON 1.1 request, repeated: the operation and body come from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = "AWSCognitoIdentityProviderService." .. os.getenv("OPERATION")
wrk.body = os.getenv("BODY")

local failures = 0
response = function(status, headers, body)
    if status ~= 200 then failures = failures + 1 end
end

done = function(summary, latency, requests)
    io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n",
        summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        summary.requests))
end
