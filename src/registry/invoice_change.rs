//! The invoice changes (`invoice.rs`'s child): CreateInvoice's, UpdateInvoice's,
//! DeleteInvoice's, AssignInvoiceItems' and SetNextInvoiceID's `impl System`
//! block, each checking every rule before it changes anything. Must not
//! move a balance or write a ledger entry (VAT is the ledger's `set_vat`).

use super::{Invoice, InvoiceChange, InvoiceStatus, NewInvoice, Selection};
use crate::error::{Error, Result};
use crate::registry::System;

/// A bijection of `n` (splitmix64's finaliser): GUIDs that look random
/// and never repeat.
fn scramble(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `id` with its trailing number one higher, as wide at least
/// (`ABC0099` → `ABC0100`); `None` without trailing digits or past 32
/// characters.
pub(super) fn successor(id: &str) -> Option<String> {
    let digits = id.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let (stem, number) = id.split_at(id.len() - digits);
    let mut bytes = number.as_bytes().to_vec();
    let mut at = bytes.len();
    loop {
        if at == 0 {
            bytes.insert(0, b'1');
            break;
        }
        at -= 1;
        if bytes[at] == b'9' {
            bytes[at] = b'0';
        } else {
            bytes[at] += 1;
            break;
        }
    }
    let next = format!("{stem}{}", String::from_utf8(bytes).ok()?);
    (next.len() <= 32).then_some(next)
}

impl System {
    /// Sets `issuer`'s next invoice ID: `541` if it issued that one already.
    pub fn set_next_invoice_id(&mut self, issuer: &str, id: &str) -> Result<()> {
        if self.invoices.get(issuer, id).is_some() {
            return Err(Error::invalid(
                "INVOICEID",
                format_args!("{id} is an invoice {issuer} issued already"),
            ));
        }
        self.invoices.next.insert(issuer.to_owned(), id.to_owned());
        Ok(())
    }

    /// Creates `new` as NEW for `issuer`: `540` if the ID is taken, then
    /// the selection's refusals (`541`, `552`); nothing changes on one.
    /// Creating the next invoice ID moves it on by one.
    pub fn create_invoice(&mut self, issuer: &str, new: NewInvoice<'_>) -> Result<&Invoice> {
        if self.invoices.get(issuer, new.id).is_some() {
            return Err(Error::NotUnique(format!(
                "INVOICEID {} is an invoice {issuer} issued already",
                new.id
            )));
        }
        let taken = match &new.take {
            Some(selection) => self.select_entries(issuer, new.recipient, selection)?,
            None => Vec::new(),
        };
        self.invoices.last_guid += 1;
        let invoice = Invoice {
            id: new.id.to_owned(),
            guid: scramble(self.invoices.last_guid),
            recipient: new.recipient.to_owned(),
            created: new.created,
            status: InvoiceStatus::New,
            data: (new.data.iter())
                .filter(|(_, value)| !value.is_empty())
                .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
                .collect(),
            pdf: None,
        };
        for entry in taken {
            let on = (issuer.to_owned(), new.id.to_owned());
            self.invoices.items.insert(entry, on);
        }
        if self
            .invoices
            .next
            .get(issuer)
            .is_some_and(|next| next == new.id)
        {
            match successor(new.id) {
                Some(next) => self.invoices.next.insert(issuer.to_owned(), next),
                None => self.invoices.next.remove(issuer),
            };
        }
        let all = self.invoices.issued.entry(issuer.to_owned()).or_default();
        Ok(all.entry(new.id.to_owned()).or_insert(invoice))
    }

    /// The recipient's entries `selection` picks (see [`Selection`]): the
    /// source invoice must be `issuer`'s (`541`), for the same recipient
    /// (`541`) and not ACTIVE (`552`: an active invoice is fixed).
    fn select_entries(
        &self,
        issuer: &str,
        recipient: &str,
        selection: &Selection<'_>,
    ) -> Result<Vec<u32>> {
        let from = match selection.from {
            Some(id) => {
                let Some(source) = self.invoices.get(issuer, id) else {
                    return Err(Error::invalid(
                        "ACCOUNTING-INVOICEID",
                        format_args!("{id} is no invoice {issuer} issued"),
                    ));
                };
                if source.recipient != recipient {
                    return Err(Error::invalid(
                        "ACCOUNTING-INVOICEID",
                        format_args!("{id} is issued to {}, not {recipient}", source.recipient),
                    ));
                }
                if source.status == InvoiceStatus::Active {
                    return Err(Error::StatusProhibits(format!(
                        "ACCOUNTING-INVOICEID {id} is ACTIVE; its entries stay on it"
                    )));
                }
                Some(id)
            }
            None => None,
        };
        // The invoice an entry is on, as (issuer, id): another issuer's
        // invoice with the same ID is not the source.
        let on = |entry: u32| {
            (self.invoices.items.get(&entry)).map(|(who, id)| (who.as_str(), id.as_str()))
        };
        let picked = self.ledger.of(recipient).iter().filter(|entry| {
            selection.min.is_none_or(|min| min <= entry.at)
                && selection.max.is_none_or(|max| entry.at <= max)
                && on(entry.id) == from.map(|id| (issuer, id))
        });
        Ok(picked.map(|entry| entry.id).collect())
    }

    /// Changes `issuer`'s invoice `id`: anything on a NEW invoice, only
    /// STATUS afterwards (`552`), and STATUS only forward (`552`).
    pub fn update_invoice(
        &mut self,
        issuer: &str,
        id: &str,
        change: InvoiceChange<'_>,
    ) -> Result<()> {
        let invoice = self.issued_invoice(issuer, id)?;
        let (status, recipient) = (invoice.status, invoice.recipient.clone());
        if change.edits() && status != InvoiceStatus::New {
            return Err(Error::StatusProhibits(format!(
                "INVOICE {id} is {}; only a NEW invoice changes",
                status.name()
            )));
        }
        if let Some(to) = change.status.filter(|to| !status.may_become(*to)) {
            return Err(Error::StatusProhibits(format!(
                "INVOICE {id} is {} and cannot become {}",
                status.name(),
                to.name()
            )));
        }
        if let Some(vat) = change.vat {
            for entry in self.invoices.items_of(issuer, id) {
                self.ledger.set_vat(&recipient, entry, vat);
            }
        }
        let invoice = self.invoices.get_mut(issuer, id)?;
        if let Some(created) = change.created {
            invoice.created = created;
        }
        if change.flush_data {
            invoice.data.clear();
        }
        if change.flush_pdf {
            invoice.pdf = None;
        }
        for (key, value) in change.data {
            match value.is_empty() {
                true => invoice.data.remove(key),
                false => invoice.data.insert(key.to_owned(), value.to_owned()),
            };
        }
        if let Some(to) = change.status {
            invoice.status = to;
        }
        Ok(())
    }

    /// Deletes `issuer`'s NEW invoice `id` (`552` otherwise); its entries
    /// are on no invoice again.
    pub fn delete_invoice(&mut self, issuer: &str, id: &str) -> Result<()> {
        let status = self.issued_invoice(issuer, id)?.status;
        if status != InvoiceStatus::New {
            return Err(Error::StatusProhibits(format!(
                "INVOICE {id} is {}; only a NEW invoice is deleted",
                status.name()
            )));
        }
        for entry in self.invoices.items_of(issuer, id) {
            self.invoices.items.remove(&entry);
        }
        if let Some(all) = self.invoices.issued.get_mut(issuer) {
            all.remove(id);
            if all.is_empty() {
                self.invoices.issued.remove(issuer);
            }
        }
        Ok(())
    }

    /// Puts `recipient`'s ledger entries `entries` on `issuer`'s NEW
    /// invoice `id`: `552` if it is not NEW, `541` if `recipient` is not
    /// its recipient or an entry is not `recipient`'s, `540` if an entry
    /// is on an invoice already (this one too) or named twice.
    pub fn assign_invoice_items(
        &mut self,
        issuer: &str,
        id: &str,
        recipient: &str,
        entries: &[u32],
    ) -> Result<()> {
        let invoice = self.issued_invoice(issuer, id)?;
        if invoice.status != InvoiceStatus::New {
            return Err(Error::StatusProhibits(format!(
                "INVOICE {id} is {}; only a NEW invoice takes entries",
                invoice.status.name()
            )));
        }
        if invoice.recipient != recipient {
            return Err(Error::invalid(
                "SUBUSER",
                format_args!(
                    "{recipient} is not the recipient of INVOICE {id} ({})",
                    invoice.recipient
                ),
            ));
        }
        for (at, &entry) in entries.iter().enumerate() {
            if self.ledger.entry(recipient, entry).is_none() {
                return Err(Error::invalid(
                    "ACCOUNTINGID",
                    format_args!("{entry} is no entry of {recipient}'s ledger"),
                ));
            }
            if let Some((by, on)) = self.invoices.items.get(&entry) {
                // Another issuer's invoice (an account above the caller's)
                // is not the caller's to see: it is not named.
                let on = match by == issuer {
                    true => format!("INVOICE {on}"),
                    false => "an invoice of another account".to_owned(),
                };
                return Err(Error::NotUnique(format!(
                    "ACCOUNTINGID {entry} is on {on} already"
                )));
            }
            if entries[..at].contains(&entry) {
                return Err(Error::NotUnique(format!(
                    "ACCOUNTINGID {entry} is named twice"
                )));
            }
        }
        for &entry in entries {
            let on = (issuer.to_owned(), id.to_owned());
            self.invoices.items.insert(entry, on);
        }
        Ok(())
    }
}
