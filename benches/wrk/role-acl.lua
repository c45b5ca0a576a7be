-- wrk script: sessionless StatusAccount as the role user test.user!bench,
-- whose 50-rule ACL compare.sh creates (its StatusAccount rule is the last
-- of ten for that command).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "s_entity=1234&s_login=test.user%21bench&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount"
