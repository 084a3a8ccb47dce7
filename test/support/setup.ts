// Every test process: no real AWS, no developer profiles, no SDK notices.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
process.env.AWS_EC2_METADATA_DISABLED = 'true'
delete process.env.AWS_PROFILE
delete process.env.AWS_ACCESS_KEY_ID
delete process.env.AWS_SECRET_ACCESS_KEY
delete process.env.AWS_SESSION_TOKEN
