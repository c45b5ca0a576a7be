<?php
// StatusAccount with PHP's own curl extension, set up as the HEXONET PHP SDK
// (and so the WHMCS registrar module) sets it up, against otebox.
//
//   php status_account.php CAINFO proxy http://127.0.0.1:PORT
//       through the plain listener as an HTTP proxy (WHMCS's "Proxy Server")
//   php status_account.php CAINFO resolve TLSPORT
//       straight to the --tls-listen port by host name (the hosts-file way)
//
// Prints the response body; on a curl error prints it to stderr and exits 1.

if ($argc !== 4 || !in_array($argv[2], ['proxy', 'resolve'], true)) {
    fwrite(STDERR, "usage: php status_account.php CAINFO (proxy URL | resolve TLSPORT)\n");
    exit(2);
}
[, $cainfo, $mode, $value] = $argv;

$host = 'api-ote.ispapi.net';
$url = $mode === 'resolve'
    ? "https://$host:$value/api/call.cgi"
    : "https://$host/api/call.cgi";
$data = 's_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount';

$curl = curl_init($url);
curl_setopt_array($curl, [
    CURLOPT_POST => 1,
    CURLOPT_POSTFIELDS => $data,
    CURLOPT_HEADER => 0,
    CURLOPT_RETURNTRANSFER => 1,
    CURLOPT_TIMEOUT => 10,
    CURLOPT_USERAGENT => 'PHP-SDK (' . PHP_OS . '; ' . php_uname('m') . '; rv:otebox-test) php/' . PHP_VERSION,
    CURLOPT_HTTPHEADER => [
        'Expect:',
        'Content-Type: application/x-www-form-urlencoded',
        'Content-Length: ' . strlen($data),
    ],
    CURLOPT_SSL_VERIFYPEER => true,
    CURLOPT_SSL_VERIFYHOST => 2,
    CURLOPT_CAINFO => $cainfo,
]);
if ($mode === 'proxy') {
    curl_setopt($curl, CURLOPT_PROXY, $value);
} else {
    curl_setopt($curl, CURLOPT_RESOLVE, ["$host:$value:127.0.0.1"]);
}

$body = curl_exec($curl);
if ($body === false) {
    fwrite(STDERR, 'curl error ' . curl_errno($curl) . ': ' . curl_error($curl) . "\n");
    exit(1);
}
echo $body;
