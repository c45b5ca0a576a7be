//! What happens to an SSL certificate after CreateSSLCert (SSLCERT,
//! HEXONET): ReissueSSLCert, RevokeSSLCert and ResendSSLCertEmail
//! (RenewSSLCert is `ssl_renew.rs`). Each finds one of the account's
//! certificates (`545` otherwise) and changes only it; the status and the validation job are `registry/ssl.rs` and
//! `registry/ssl_validation.rs`. Ordering and status are `ssl.rs`.

use super::ssl::{find_cert, not_found};
use super::ssl_fields::{
    check_names, class_of, names, read_approver, read_csr, refuse_internal_dns, same_cn,
    validation_of,
};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::ssl::{SslCert, SslStatus, Validation};
use crate::registry::ssl_csr::Csr;
use crate::wire::Response;

/// What ReissueSSLCert and the CNR ReissueCertificate check before a
/// reissue: the certificate PENDING or ACTIVE (`552`, naming the id as
/// `param` calls it), `csr` of its CN, and its names ones the class covers
/// (with `domains` and `alternate` as sent).
pub(super) fn check_reissue(
    param: &str,
    id: u64,
    old: &SslCert,
    csr: &Csr,
    domains: &[String],
    alternate: &[String],
) -> Result<()> {
    let live = matches!(old.status, SslStatus::Pending | SslStatus::Active(_));
    let wanted = "only a PENDING or ACTIVE certificate is reissued";
    require_as(param, id, old.status, live, wanted)?;
    same_cn(csr, old)?;
    check_names(csr, None, domains, alternate, class_of(id, old)?)
}

/// Reissues certificate `id` of the caller after [`check_reissue`]: the
/// new CSR and `validation` stored, the validation started again and the
/// approval mail sent.
pub(super) fn reissue(
    ctx: &mut Ctx<'_>,
    id: u64,
    (lines, csr): (Vec<Box<str>>, Csr),
    validation: Validation,
) {
    let (owner, now) = (ctx.owner().to_owned(), ctx.now);
    ctx.system.modify_order(&owner, id, |order| {
        order.updated = Some(now);
        if let Some(cert) = order.ssl.as_deref_mut() {
            cert.take_csr(csr, lines);
            cert.validation = validation;
        }
    });
    ctx.system.start_ssl_validation(&owner, id, now);
    ctx.system.mail_ssl_approval(&owner, id, now);
}

/// `552` unless the certificate is `wanted` (what the command needs, in words).
pub(super) fn require(id: u64, cert: &SslCert, ok: bool, wanted: &str) -> Result<()> {
    require_as("SSLCERTID", id, cert.status, ok, wanted)
}

/// [`require`] of a certificate in `status`, naming the id as `param`
/// calls it (CNR: `CERTIFICATE`).
pub(super) fn require_as(
    param: &str,
    id: u64,
    status: SslStatus,
    ok: bool,
    wanted: &str,
) -> Result<()> {
    match ok {
        true => Ok(()),
        false => Err(Error::StatusProhibits(format!(
            "{param}: {id} is {}; {wanted}",
            status.as_str()
        ))),
    }
}

/// `552` unless certificate `id` (named as `param`) may be renewed: ACTIVE
/// and not renewed already (then its renewal is the one to renew).
/// RenewSSLCert's and CNR RenewCertificate's.
pub(super) fn check_renewable(param: &str, id: u64, cert: &SslCert) -> Result<()> {
    let active = matches!(cert.status, SslStatus::Active(_));
    require_as(
        param,
        id,
        cert.status,
        active,
        "only an ACTIVE certificate is renewed",
    )?;
    match cert.renewed_by {
        None => Ok(()),
        Some(renewal) => Err(Error::StatusProhibits(format!(
            "{param}: {id} is renewed already by {renewal}; renew that one"
        ))),
    }
}

/// Revokes the caller's certificate `id`, now in `status` (the id named
/// as `param`): `552` unless ACTIVE, then REVOKED for good and the order
/// updated now. RevokeSSLCert's and CNR DeleteCertificate's.
pub(super) fn revoke(
    ctx: &mut Ctx<'_>,
    param: &str,
    id: u64,
    status: SslStatus,
) -> Result<Response> {
    let active = matches!(status, SslStatus::Active(_));
    let wanted = "only an ACTIVE certificate is revoked";
    require_as(param, id, status, active, wanted)?;
    let owner = ctx.owner().to_owned();
    ctx.system
        .settle_ssl(&owner, id, SslStatus::Revoked(ctx.now));
    ctx.system
        .modify_order(&owner, id, |order| order.updated = Some(ctx.now));
    Ok(Response::ok())
}

/// Replaces a certificate's CSR (a new key, other SANs): checked as
/// CreateSSLCert checks it, for the same CN (`541`), then validated again
/// (PENDING, the method and approver kept unless VALIDATION0 / EMAIL say
/// otherwise). Not charged; the period is kept. `552` for a REVOKED or
/// FAILED certificate.
///
/// ```text
/// COMMAND   = ReissueSSLCert
/// SSLCERTID = <id>
/// CSR0..N   = <the PEM lines>
/// EMAIL / VALIDATIONEMAIL0, VALIDATION0, DOMAIN0..N, ALTERNATECN0..N (optional)
/// ---
/// PROPERTY[DOMAIN][n], PROPERTY[VALIDATION|VALIDATIONDNSRR|VALIDATIONEMAIL|VALIDATIONURL|VALIDATIONURLCONTENT][0]
/// ```
pub(super) fn reissue_ssl_cert(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let domains = names(args, "DOMAIN");
    let alternate = names(args, "ALTERNATECN");
    let methods = names(args, "VALIDATION");
    let approver = read_approver(args);
    args.optional("SERVERSOFTWARE");
    refuse_internal_dns(args)?;
    let (lines, csr) = read_csr(args)?;
    let (id, _, old) = find_cert(args, ctx)?;
    args.finish()?;
    let owner = ctx.owner().to_owned();
    check_reissue("SSLCERTID", id, old, &csr, &domains, &alternate)?;
    let validation = match (methods.first(), &old.validation) {
        (None, Validation::Email(to)) => Validation::Email(approver.unwrap_or(to).into()),
        (None, kept) if approver.is_none() => kept.clone(),
        (method, _) => validation_of(method.map(String::as_str), approver, &[])?,
    };
    reissue(ctx, id, (lines, csr), validation);
    let cert = ctx
        .system
        .order(&owner, id)
        .and_then(|order| order.ssl.as_deref())
        .ok_or_else(|| not_found(id, &owner))?;
    let mut response = Response::ok();
    for name in cert.names() {
        response.push("DOMAIN", name);
    }
    let (mut rr, mut email, mut url, mut content) = Default::default();
    match &cert.validation {
        Validation::DnsZone => {
            let (host, target) = cert.dns_record(id);
            rr = format!("{host} CNAME {target}");
        }
        Validation::Url => (url, content) = cert.url_file(id),
        Validation::Email(to) => email = to.to_string(),
    }
    response
        .push("VALIDATION", cert.validation.as_str())
        .push("VALIDATIONDNSRR", rr)
        .push("VALIDATIONEMAIL", email)
        .push("VALIDATIONURL", url)
        .push("VALIDATIONURLCONTENT", content);
    Ok(response)
}

/// Revokes an issued certificate: REVOKED for good (StatusSSLCert answers
/// no CRT; renew and reissue are `552`). REASON is required and kept in
/// no table. `552` unless ACTIVE.
///
/// ```text
/// COMMAND   = RevokeSSLCert
/// SSLCERTID = <id>
/// REASON    = <text>
/// ```
pub(super) fn revoke_ssl_cert(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let reason = args.required("REASON")?;
    if reason.trim().is_empty() {
        return Err(Error::missing("REASON"));
    }
    let (id, _, cert) = find_cert(args, ctx)?;
    args.finish()?;
    let status = cert.status;
    revoke(ctx, "SSLCERTID", id, status)
}

/// Sends the approval mail of an EMAIL validation again (to the outbox),
/// to EMAIL if given (the approver then changes). `552` unless the certificate is PENDING
/// with EMAIL validation; RESENDEMAILTYPE is `ApproverEmail` (the default)
/// only (`541`).
///
/// ```text
/// COMMAND         = ResendSSLCertEmail
/// SSLCERTID       = <id>
/// RESENDEMAILTYPE = ApproverEmail                 (optional)
/// EMAIL           = <approver address>            (optional)
/// ```
pub(super) fn resend_ssl_cert_email(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let kind = args.optional("RESENDEMAILTYPE").unwrap_or("ApproverEmail");
    if !kind.is_empty() && !kind.eq_ignore_ascii_case("ApproverEmail") {
        return Err(Error::invalid(
            "RESENDEMAILTYPE",
            format_args!("({kind}) otebox sends the ApproverEmail only"),
        ));
    }
    let to = args.optional("EMAIL").filter(|value| !value.is_empty());
    if let Some(to) = to.filter(|to| !to.contains('@')) {
        return Err(Error::syntax_rule("EMAIL", to, "is not an email address"));
    }
    let (id, _, cert) = find_cert(args, ctx)?;
    args.finish()?;
    let owner = ctx.owner().to_owned();
    let waiting = cert.status == SslStatus::Pending;
    let by_mail = matches!(cert.validation, Validation::Email(_));
    require(
        id,
        cert,
        waiting && by_mail,
        "only a PENDING certificate with EMAIL validation has an approval mail",
    )?;
    if let Some(to) = to {
        ctx.system.modify_order(&owner, id, |order| {
            if let Some(cert) = order.ssl.as_deref_mut() {
                cert.validation = Validation::Email(to.into());
            }
        });
    }
    ctx.system.mail_ssl_approval(&owner, id, ctx.now);
    Ok(Response::ok())
}
