-- wrk script: sessionless StatusAccount as the SDKs send it.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount"
