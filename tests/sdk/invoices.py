#!/usr/bin/env python3
"""Interop check of invoice PDFs through the official Python SDK
`hexonet.apiconnector` 4.0.2: a reseller issues an invoice to its
subuser, uploads a 200 KB PDF as the SDK flattens a list (PDF0..n), reads
it back with GetInvoicePDF (thousands of PDF rows, joined and decoded to
the same bytes), and the subuser reads it once the invoice is ACTIVE;
a file that is not a PDF is refused and the earlier one kept.

Usage:  python3 invoices.py http://HOST:PORT/api/call.cgi
"""

import base64
import sys

from checks import check, shown, summary

from hx_client import client_for


def pdf_file(size):
    """A small valid PDF padded with a comment to `size` bytes."""
    head = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    body = b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    tail = b"trailer << /Root 1 0 R >>\n%%EOF\n"
    pad = b"%" + bytes((i % 26) + 65 for i in range(size - len(head + body + tail) - 2)) + b"\n"
    return head + body + pad + tail


def lines_of(data, width=76):
    text = base64.b64encode(data).decode()
    return [text[i : i + width] for i in range(0, len(text), width)]


def main():
    if len(sys.argv) != 2:
        print("usage: invoices.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    url = sys.argv[1]
    print(f"interop: invoice PDFs against {url}")
    reseller = client_for(url, "test.user")
    r = reseller.request(
        {"COMMAND": "AddUser", "SUBUSER": "pdfcust", "PASSWORD": "pdfcust.passw0rd", "CURRENCY": "EUR", "VAT": "19"}
    )
    check("AddUser: 200", r.getCode() == 200, shown(r), r)
    r = reseller.request({"COMMAND": "CreateInvoice", "INVOICEID": "PDF1", "SUBUSER": "pdfcust"})
    check("CreateInvoice: 200", r.getCode() == 200, shown(r), r)
    r = reseller.request({"COMMAND": "GetInvoicePDF", "INVOICEID": "PDF1", "USERDEPTH": "SUBUSER"})
    check("GetInvoicePDF before an upload: 545", r.getCode() == 545, shown(r), r)

    pdf = pdf_file(200_000)
    lines = lines_of(pdf)
    r = reseller.request({"COMMAND": "UpdateInvoicePDF", "INVOICEID": "PDF1", "PDF": lines})
    check(f"UpdateInvoicePDF with {len(lines)} lines: 200", r.getCode() == 200, shown(r), r)
    r = reseller.request({"COMMAND": "GetInvoicePDF", "INVOICEID": "PDF1", "USERDEPTH": "SUBUSER"})
    check("GetInvoicePDF: 200", r.getCode() == 200, shown(r), r)
    rows = r.getColumn("PDF").getData()
    check("as many PDF rows as lines sent", len(rows) == len(lines), f"{len(rows)} != {len(lines)}")
    check("the rows decode to the same file", base64.b64decode("".join(rows)) == pdf)
    check("INVOICEID and STATUS", r.getColumnIndex("INVOICEID", 0) == "PDF1" and r.getColumnIndex("STATUS", 0) == "NEW", shown(r))

    r = reseller.request(
        {"COMMAND": "UpdateInvoicePDF", "INVOICEID": "PDF1", "PDF": lines_of(b"<html>not a pdf</html>")}
    )
    check("an HTML file: 505", r.getCode() == 505, shown(r), r)
    r = reseller.request({"COMMAND": "UpdateInvoice", "INVOICEID": "PDF1", "STATUS": "ACTIVE"})
    check("UpdateInvoice STATUS=ACTIVE: 200", r.getCode() == 200, shown(r), r)

    customer = client_for(url, "pdfcust", "pdfcust.passw0rd")
    r = customer.request({"COMMAND": "GetInvoicePDF", "INVOICEID": "PDF1"})
    check("the subuser reads it: 200", r.getCode() == 200, shown(r), r)
    rows = r.getColumn("PDF").getData()
    check("the subuser gets the first file, not the refused one", base64.b64decode("".join(rows)) == pdf)
    r = customer.request({"COMMAND": "UpdateInvoicePDF", "INVOICEID": "PDF1", "PDF": lines})
    check("the subuser may not upload: 531", r.getCode() == 531, shown(r), r)
    summary()


if __name__ == "__main__":
    main()
