-- wrk script: CheckDomains with one name, sessionless, as WHMCS sends it.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DCheckDomains%0APREMIUMCHANNELS%3D*%0ADOMAIN0%3Dotebox-wrk-free.com"
