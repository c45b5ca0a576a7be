-- wrk script: StatusAccount in a session (compare.sh opens it and passes its
-- id in OTEBOX_SESSION), as an SDK does after login().
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "s_entity=1234&s_session=" .. (os.getenv("OTEBOX_SESSION") or "") .. "&s_command=COMMAND%3DStatusAccount"
