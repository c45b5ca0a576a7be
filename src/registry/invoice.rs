//! Invoices (USER/INVOICE): what an account issues to the accounts below
//! it, kept per issuer by INVOICEID, each naming its recipient, a status
//! (NEW, ACTIVE, CANCELED) and `key:value` data, and the ledger entries
//! assigned to them (an entry sits on one invoice at most). Owns the
//! invoice rules (only a NEW invoice changes, a recipient sees no NEW
//! one) and each issuer's next invoice ID. Knows no wire text beyond the
//! status names; must not move a balance or write a ledger entry (VAT is
//! the ledger's `set_vat`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Percent, System, Timestamp};
use crate::error::{Error, Result};

/// An invoice's status (STATUS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvoiceStatus {
    /// Just created: only its issuer sees it, and it may change.
    New,
    /// Visible to its recipient and fixed.
    Active,
    Canceled,
}

impl InvoiceStatus {
    pub fn name(self) -> &'static str {
        match self {
            InvoiceStatus::New => "NEW",
            InvoiceStatus::Active => "ACTIVE",
            InvoiceStatus::Canceled => "CANCELED",
        }
    }

    /// The status a STATUS value names, any case.
    pub fn parse(text: &str) -> Option<InvoiceStatus> {
        [
            InvoiceStatus::New,
            InvoiceStatus::Active,
            InvoiceStatus::Canceled,
        ]
        .into_iter()
        .find(|status| status.name().eq_ignore_ascii_case(text))
    }

    /// Whether an invoice may go from `self` to `to`: NEW to ACTIVE or
    /// CANCELED, ACTIVE to CANCELED, or stay.
    fn may_become(self, to: InvoiceStatus) -> bool {
        use InvoiceStatus::*;
        self == to || matches!((self, to), (New, Active | Canceled) | (Active, Canceled))
    }
}

/// One invoice of an issuer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: String,
    /// INVOICEGUID's number (16 hexadecimal digits on the wire).
    pub guid: u64,
    /// The account it is issued to (USER), one below the issuer.
    pub recipient: String,
    /// CREATEDDATE: the issue date.
    pub created: Timestamp,
    pub status: InvoiceStatus,
    /// DATA's `key:value` pairs, sorted by key.
    pub data: BTreeMap<String, String>,
    /// The PDF UpdateInvoicePDF uploaded last, if any.
    pub pdf: Option<InvoicePdf>,
}

/// An invoice's uploaded PDF (UpdateInvoicePDF, GetInvoicePDF).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoicePdf {
    /// The decoded file, starting `%PDF-`.
    pub bytes: Vec<u8>,
    /// PDFUPDATEDDATE: when it was uploaded.
    pub updated: Timestamp,
}

/// What CreateInvoice makes.
#[derive(Debug)]
pub struct NewInvoice<'a> {
    pub id: &'a str,
    pub recipient: &'a str,
    pub created: Timestamp,
    pub data: Vec<(&'a str, &'a str)>,
    /// The recipient's ledger entries to assign at once (`Selection`).
    pub take: Option<Selection<'a>>,
}

/// CreateInvoice's ACCOUNTING-* parameters: the recipient's entries on
/// the issuer's invoice `from` (else those on no invoice), within the dates.
#[derive(Debug, Default)]
pub struct Selection<'a> {
    pub from: Option<&'a str>,
    pub min: Option<Timestamp>,
    pub max: Option<Timestamp>,
}

/// What UpdateInvoice changes; `None`: kept.
#[derive(Debug, Default)]
pub struct InvoiceChange<'a> {
    pub created: Option<Timestamp>,
    pub flush_data: bool,
    /// FLUSHPDF: removes the uploaded PDF (in any status, as
    /// UpdateInvoicePDF replaces it in any).
    pub flush_pdf: bool,
    /// `key:value` pairs; an empty value removes the key.
    pub data: Vec<(&'a str, &'a str)>,
    pub status: Option<InvoiceStatus>,
    /// The rate every assigned entry takes.
    pub vat: Option<Percent>,
}

impl InvoiceChange<'_> {
    /// Whether anything but STATUS changes (what only a NEW invoice takes).
    fn edits(&self) -> bool {
        self.created.is_some() || self.flush_data || !self.data.is_empty() || self.vat.is_some()
    }
}

/// Every issuer's invoices and next invoice ID, and which invoice each
/// assigned ledger entry is on.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Invoices {
    issued: BTreeMap<String, BTreeMap<String, Invoice>>,
    next: BTreeMap<String, String>,
    /// Ledger entry id → (issuer, invoice id).
    items: BTreeMap<u32, (String, String)>,
    /// The last GUID number drawn (its own counter: no other id shifts).
    last_guid: u64,
}

fn not_found(issuer: &str, id: &str) -> Error {
    Error::ObjectNotFound(format!("INVOICE {id} is no invoice {issuer} issued"))
}

impl Invoices {
    fn get(&self, issuer: &str, id: &str) -> Option<&Invoice> {
        self.issued.get(issuer)?.get(id)
    }

    fn get_mut(&mut self, issuer: &str, id: &str) -> Result<&mut Invoice> {
        (self.issued.get_mut(issuer).and_then(|all| all.get_mut(id)))
            .ok_or_else(|| not_found(issuer, id))
    }

    /// The ledger entries on the issuer's invoice `id`, in id order.
    fn items_of(&self, issuer: &str, id: &str) -> Vec<u32> {
        let on = |(_, (who, invoice)): &(&u32, &(String, String))| who == issuer && invoice == id;
        self.items
            .iter()
            .filter(on)
            .map(|(entry, _)| *entry)
            .collect()
    }

    /// Forgets what `account` issued and its next ID (account removal).
    pub fn forget(&mut self, account: &str) {
        self.issued.remove(account);
        self.next.remove(account);
        self.items.retain(|_, (issuer, _)| issuer != account);
    }

    /// `from` is now `to` (ModifyUser NEWSUBUSER), as issuer and recipient.
    pub fn rename(&mut self, from: &str, to: &str) {
        if let Some(all) = self.issued.remove(from) {
            self.issued.insert(to.to_owned(), all);
        }
        if let Some(next) = self.next.remove(from) {
            self.next.insert(to.to_owned(), next);
        }
        for (issuer, _) in self.items.values_mut() {
            if issuer == from {
                *issuer = to.to_owned();
            }
        }
        for invoice in self.issued.values_mut().flat_map(BTreeMap::values_mut) {
            if invoice.recipient == from {
                invoice.recipient = to.to_owned();
            }
        }
    }
}

impl System {
    /// The invoice `id` that `issuer` issued (any status).
    pub fn issued_invoice(&self, issuer: &str, id: &str) -> Result<&Invoice> {
        self.invoices
            .get(issuer, id)
            .ok_or_else(|| not_found(issuer, id))
    }

    /// Every invoice `issuer` issued, by ID.
    pub fn issued_invoices(&self, issuer: &str) -> impl Iterator<Item = &Invoice> {
        self.invoices
            .issued
            .get(issuer)
            .into_iter()
            .flat_map(BTreeMap::values)
    }

    /// The accounts above `account`, nearest first: who can have issued
    /// it an invoice.
    fn issuers_of<'s>(&'s self, account: &str) -> Vec<&'s str> {
        let mut above = Vec::new();
        let mut at = self.users.get(account).and_then(|u| u.parent.as_deref());
        while let Some(id) = at {
            above.push(id);
            at = self.users.get(id).and_then(|u| u.parent.as_deref());
        }
        above
    }

    /// The invoices issued to `recipient` that it sees (not NEW), with
    /// their issuer, nearest issuer first.
    pub fn received_invoices<'s>(&'s self, recipient: &str) -> Vec<(&'s str, &'s Invoice)> {
        let mut found = Vec::new();
        for issuer in self.issuers_of(recipient) {
            let sent = self
                .issued_invoices(issuer)
                .map(|invoice| (issuer, invoice));
            found.extend(sent.filter(|(_, invoice)| {
                invoice.recipient == recipient && invoice.status != InvoiceStatus::New
            }));
        }
        found
    }

    /// The invoice `id` issued to `recipient` that it sees (the nearest
    /// issuer's when two use the ID): `545` otherwise, a NEW one included.
    pub fn received_invoice(&self, recipient: &str, id: &str) -> Result<(&str, &Invoice)> {
        let mut found = self.received_invoices(recipient).into_iter();
        found.find(|(_, invoice)| invoice.id == id).ok_or_else(|| {
            Error::ObjectNotFound(format!("INVOICE {id} is no invoice issued to {recipient}"))
        })
    }

    /// The invoice ledger entry `entry` is on, as `viewer` may see it
    /// (ACCOUNTINGINVOICEID): a NEW invoice only to its issuer and above.
    pub fn invoice_of_entry(&self, entry: u32, viewer: &str) -> Option<&str> {
        let (issuer, id) = self.invoices.items.get(&entry)?;
        let invoice = self.invoices.get(issuer, id)?;
        let shown = invoice.status != InvoiceStatus::New || self.in_subtree(viewer, issuer);
        shown.then_some(id.as_str())
    }

    /// `issuer`'s next invoice ID (GetNextInvoiceID): `545` until one is set.
    pub fn next_invoice_id(&self, issuer: &str) -> Result<&str> {
        self.invoices
            .next
            .get(issuer)
            .map(String::as_str)
            .ok_or_else(|| {
                Error::ObjectNotFound(format!(
                    "INVOICEID: {issuer} has no next invoice ID; SetNextInvoiceID sets one"
                ))
            })
    }

    /// Whether ledger entry `entry` is on an invoice that is no longer NEW
    /// (ModifyAccounting and DeleteAccounting leave it alone: `552`).
    pub fn entry_invoiced(&self, entry: u32) -> Option<&str> {
        let (issuer, id) = self.invoices.items.get(&entry)?;
        let invoice = self.invoices.get(issuer, id)?;
        (invoice.status != InvoiceStatus::New).then_some(id.as_str())
    }

    /// Adds or replaces the PDF of the invoice `id` that `issuer` issued
    /// (any status: the PDF is the invoice's printout, not its terms);
    /// `545` for another's or an unknown one, nothing changed.
    pub fn set_invoice_pdf(
        &mut self,
        issuer: &str,
        id: &str,
        bytes: Vec<u8>,
        now: Timestamp,
    ) -> Result<()> {
        let invoice = self.invoices.get_mut(issuer, id)?;
        invoice.pdf = Some(InvoicePdf {
            bytes,
            updated: now,
        });
        Ok(())
    }

    /// Takes a deleted ledger entry off its invoice.
    pub fn release_entry(&mut self, entry: u32) {
        self.invoices.items.remove(&entry);
    }
}

#[path = "invoice_change.rs"]
mod change;
#[cfg(test)]
use change::successor;

#[cfg(test)]
#[path = "invoice_tests.rs"]
mod tests;
