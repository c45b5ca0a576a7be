//! What happens to a certificate after AddCertificate in the CentralNic
//! Reseller dialect, as the WHMCS SSL module's CNR side sends it:
//! RenewCertificate, ReissueCertificate, DeleteCertificate (its revoke) and
//! ModifyCertificate (its "resend e-mail"). Each finds one of the account's
//! certificates (`545` otherwise) made in either dialect and changes it
//! through HEXONET's certificate core (`command/ssl.rs`, `ssl_fields.rs`,
//! `registry/ssl_validation.rs`), with HEXONET's status rules (`552`).
//! AddCertificate and the answers are `certificate.rs`.

use super::super::ssl::{Placed, place_certificate};
use super::super::ssl_fields::{check_names, class_of, read_csr, same_cn};
use super::super::ssl_manage::{check_reissue, check_renewable, reissue, require_as, revoke};
use super::super::{Args, Ctx};
use super::certificate::{
    HANDLES, auth_method, find_certificate, read_approver, read_method, read_period,
    status_response,
};
use crate::error::{Error, Result};
use crate::registry::ledger::Kind as LedgerKind;
use crate::registry::ssl::{Charged, SslCert, SslStatus, Validation, cnr_ssl_type};
use crate::registry::ssl_csr::parse_csr;
use crate::wire::Response;

/// `552` unless the certificate is `wanted` (what the command needs, in
/// words), as HEXONET's certificate commands refuse, naming CERTIFICATE.
fn require(id: u64, cert: &SslCert, ok: bool, wanted: &str) -> Result<()> {
    require_as("CERTIFICATE", id, cert.status, ok, wanted)
}

/// CSR0..N when sent (a line with text), checked as AddCertificate checks it.
fn sent_csr(args: &mut Args<'_>) -> Result<Option<(Vec<Box<str>>, crate::registry::ssl_csr::Csr)>> {
    let sent = args
        .list("CSR")
        .iter()
        .any(|(_, line)| !line.trim().is_empty());
    match sent {
        true => Ok(Some(read_csr(args)?)),
        false => Ok(None),
    }
}

/// The validation after AUTHMETHOD / APPROVEREMAIL0: the certificate's own
/// when neither came; a method alone keeps the approver it had (its EMAIL
/// one, else the APPROVEREMAIL0 the order was sent with).
fn next_validation(
    old: &Validation,
    kept_approver: Option<&str>,
    method: Option<&str>,
    approver: Option<&str>,
) -> Result<Validation> {
    if method.is_none() && approver.is_none() {
        return Ok(old.clone());
    }
    let method = method.unwrap_or(auth_method(old));
    let kept = match old {
        Validation::Email(to) => Some(&**to),
        _ => kept_approver,
    };
    read_method(Some(method), approver.or(kept))
}

/// Orders the next year of an ACTIVE certificate not renewed yet (`552`)
/// as HEXONET's RenewSSLCert does: a new certificate (its own id, `parent
/// certificate` the old one), charged the class's price again (`546` with
/// nothing changed), PENDING until validated, its year starting where the
/// old one ends. Without CSR0..N the old CSR is used again; a new one must
/// keep the CN (`541`). The method, approver, handles and WEBSERVERTYPE are
/// kept unless sent.
///
/// ```text
/// COMMAND     = RenewCertificate
/// CERTIFICATE = <id>
/// PERIOD      = 1 | 1Y | 365D                                (optional)
/// CSR0..N, AUTHMETHOD, APPROVEREMAIL0                        (optional)
/// ---
/// StatusCertificate's properties of the renewal
/// ```
pub(super) fn renew_certificate(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    read_period(args)?;
    let method = args.optional("AUTHMETHOD").filter(|v| !v.is_empty());
    let approver = read_approver(args);
    let sent = sent_csr(args)?;
    let (id, order, old) = find_certificate(args, ctx)?;
    args.finish()?;
    let owner = ctx.owner().to_owned();
    check_renewable("CERTIFICATE", id, old)?;
    let class = class_of(id, old)?;
    let with_csr = sent.is_some();
    let (lines, csr) = match sent {
        Some(sent) => sent,
        None => {
            let csr = parse_csr(&old.csr.join("\n")).map_err(|rule| {
                Error::invalid("CERTIFICATE", format_args!("{id}'s CSR: {rule}"))
            })?;
            (old.csr.clone(), csr)
        }
    };
    same_cn(&csr, old)?;
    check_names(&csr, None, &[], &[], class)?;
    let kept = order.param("APPROVEREMAIL0");
    let validation = next_validation(&old.validation, kept, method, approver)?;
    let price = ctx.system.ssl_price(&owner, class)?;
    let expires = old.expires.unwrap_or(ctx.now);
    let mut params: Vec<(Box<str>, Box<str>)> = vec![
        ("CERTIFICATE".into(), id.to_string().into()),
        ("PERIOD".into(), "1".into()),
    ];
    if with_csr {
        for (n, line) in lines.iter().enumerate() {
            params.push((format!("CSR{n}").into(), line.clone()));
        }
    }
    params.push(("AUTHMETHOD".into(), auth_method(&validation).into()));
    if let Some(approver) = approver.or(kept) {
        params.push(("APPROVEREMAIL0".into(), approver.into()));
    }
    for name in HANDLES
        .into_iter()
        .chain(["WEBSERVERTYPE", "SERVERSOFTWARE"])
    {
        if let Some(value) = order.param(name) {
            params.push((name.into(), value.into()));
        }
    }
    let charged = Charged {
        price,
        currency: ctx.system.currency_of(&owner).into(),
        at: ctx.now,
    };
    let cert = old.renewal((id, expires), (csr, lines), validation, charged);
    let what = format!("RenewCertificate {} {}", cnr_ssl_type(class.name), cert.cn);
    let placed = Placed {
        command: "RenewCertificate",
        params,
        field: "CERTIFICATE",
        kind: LedgerKind::RenewSslCert,
        what: &what,
    };
    let new = place_certificate(ctx, &owner, cert, placed)?;
    status_response(ctx, new)
}

/// Replaces the CSR of a PENDING or ACTIVE certificate (`552` otherwise)
/// as HEXONET's ReissueSSLCert does: the same CN (`541`), names the class
/// covers, validated again (the method and approver kept unless
/// AUTHMETHOD / APPROVEREMAIL0 say otherwise); not charged, the period kept.
///
/// ```text
/// COMMAND     = ReissueCertificate
/// CERTIFICATE = <id>
/// CSR0..N     = <the PEM lines>
/// AUTHMETHOD, APPROVEREMAIL0                                 (optional)
/// ---
/// StatusCertificate's properties
/// ```
pub(super) fn reissue_certificate(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let method = args.optional("AUTHMETHOD").filter(|v| !v.is_empty());
    let approver = read_approver(args);
    let (lines, csr) = read_csr(args)?;
    let (id, order, old) = find_certificate(args, ctx)?;
    args.finish()?;
    check_reissue("CERTIFICATE", id, old, &csr, &[], &[])?;
    let kept = order.param("APPROVEREMAIL0");
    let validation = next_validation(&old.validation, kept, method, approver)?;
    reissue(ctx, id, (lines, csr), validation);
    status_response(ctx, id)
}

/// Revokes an ACTIVE certificate (`552` otherwise) as HEXONET's
/// RevokeSSLCert does: REVOKED for good. ACTION `REVOKE` (the default: the
/// module sends none) or `REVOKEORDER`; `CANCELORDER` is `549` (otebox
/// refunds no certificate order).
///
/// ```text
/// COMMAND     = DeleteCertificate
/// CERTIFICATE = <id>
/// ACTION      = REVOKE | REVOKEORDER                         (optional)
/// ```
pub(super) fn delete_certificate(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let action = args.optional("ACTION").unwrap_or("REVOKE").trim();
    let (id, _, cert) = find_certificate(args, ctx)?;
    args.finish()?;
    match action.to_ascii_uppercase().as_str() {
        "" | "REVOKE" | "REVOKEORDER" => {}
        "CANCELORDER" => {
            return Err(Error::CommandFailed(format!(
                "ACTION=CANCELORDER: otebox cancels no certificate order (no refund); {id} stays {} (ACTION=REVOKE revokes an ACTIVE certificate)",
                cert.status.as_str()
            )));
        }
        _ => {
            return Err(Error::invalid(
                "ACTION",
                format_args!("({action}) is not REVOKE, CANCELORDER or REVOKEORDER"),
            ));
        }
    }
    let status = cert.status;
    revoke(ctx, "CERTIFICATE", id, status)
}

/// Changes how a PENDING certificate (`552` otherwise) is validated: the
/// approver (APPROVEREMAIL0..24, the first with a value) and AUTHMETHOD; at
/// least one of them (`504`). Another method starts the validation again;
/// the same one keeps its clock. An EMAIL validation gets the approval mail
/// again (the module's "resend e-mail"). `SUB` is accepted and ignored.
///
/// ```text
/// COMMAND         = ModifyCertificate
/// CERTIFICATE     = <id>
/// APPROVEREMAIL0  = <address>                                (or APPROVEREMAIL)
/// AUTHMETHOD      = EMAIL | DNS | FILE
/// ```
pub(super) fn modify_certificate(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let method = args.optional("AUTHMETHOD").filter(|v| !v.is_empty());
    let approver = read_approver(args);
    args.optional("SUB");
    let (id, order, cert) = find_certificate(args, ctx)?;
    args.finish()?;
    if method.is_none() && approver.is_none() {
        return Err(Error::missing("APPROVEREMAIL0"));
    }
    let waiting = cert.status == SslStatus::Pending;
    require(
        id,
        cert,
        waiting,
        "only a PENDING certificate changes its validation",
    )?;
    let kept = order.param("APPROVEREMAIL0");
    let validation = next_validation(&cert.validation, kept, method, approver)?;
    let restart = auth_method(&validation) != auth_method(&cert.validation);
    let owner = ctx.owner().to_owned();
    ctx.system.modify_order(&owner, id, |order| {
        order.updated = Some(ctx.now);
        if let Some(approver) = approver {
            order.params.retain(|(key, _)| &**key != "APPROVEREMAIL0");
            order
                .params
                .push(("APPROVEREMAIL0".into(), approver.into()));
        }
        if let Some(cert) = order.ssl.as_deref_mut() {
            cert.validation = validation;
        }
    });
    if restart {
        ctx.system.start_ssl_validation(&owner, id, ctx.now);
    }
    ctx.system.mail_ssl_approval(&owner, id, ctx.now);
    Ok(Response::ok())
}
