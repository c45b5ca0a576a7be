<?php
// An API call with PHP's curl given an array of fields, as hand-written PHP
// clients do: curl then sends them as multipart/form-data.
//
//   php array_fields.php http://127.0.0.1:PORT
//
// Sends ConvertIDN of a Unicode name in a two-line s_command and prints the
// response body; on a curl error prints it to stderr and exits 1.

if ($argc !== 2) {
    fwrite(STDERR, "usage: php array_fields.php http://HOST:PORT\n");
    exit(2);
}

$curl = curl_init($argv[1] . '/api/call.cgi');
curl_setopt_array($curl, [
    CURLOPT_POST => 1,
    CURLOPT_POSTFIELDS => [
        's_entity' => '1234',
        's_login' => 'test.user',
        's_pw' => 'test.passw0rd',
        's_command' => "COMMAND=ConvertIDN\nDOMAIN0=müller.com",
    ],
    CURLOPT_RETURNTRANSFER => 1,
    CURLOPT_TIMEOUT => 10,
]);
$body = curl_exec($curl);
if ($body === false) {
    fwrite(STDERR, 'curl error ' . curl_errno($curl) . ': ' . curl_error($curl) . "\n");
    exit(1);
}
echo $body;
