//! Trigger codes (ActivateDomainTransfer's TRIGGER): the 7-digit code the
//! confirmation mail of a pending transfer or trade carries, derived from
//! the domain, the request time and the kind so nothing is stored and no
//! draw from the system's generator shifts another answer. Reads transfers
//! and trades and changes neither (the approval the code allows is
//! `trade.rs`'s `approve_trade_now`).

use sha2::{Digest, Sha256};

use super::trade::Trade;
use super::{Timestamp, Transfer};

/// What a trigger code is for: the kind enters the hash, so a transfer's
/// code never approves a trade of the same name requested the same second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerKind {
    /// A pending transfer (the mail to the losing side's registrant).
    Transfer,
    /// A pending trade (the mails to the old and the new registrant).
    Trade,
}

/// The 7-digit code (`1000000`..=`9999999`, as the reference's `3610360`)
/// of the `kind` request of `domain` made at `requested`.
pub fn trigger_code(kind: TriggerKind, domain: &str, requested: Timestamp) -> String {
    let mut hasher = Sha256::new();
    let kind = match kind {
        TriggerKind::Transfer => "transfer",
        TriggerKind::Trade => "trade",
    };
    for part in [kind, &domain.to_ascii_lowercase()] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.update(requested.0.to_le_bytes());
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let number = 1_000_000 + u64::from_le_bytes(first) % 9_000_000;
    number.to_string()
}

impl Transfer {
    /// The trigger code of this pending transfer's confirmation mail.
    pub fn trigger(&self) -> String {
        trigger_code(TriggerKind::Transfer, self.domain.as_str(), self.requested)
    }
}

impl Trade {
    /// The trigger code of this pending trade's confirmation mails.
    pub fn trigger(&self) -> String {
        trigger_code(TriggerKind::Trade, self.domain.as_str(), self.requested)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_seven_digits_and_differ_by_kind_name_and_time() {
        let at = Timestamp(1_772_496_000);
        let trade = trigger_code(TriggerKind::Trade, "trade-me.com", at);
        assert_eq!(trade.len(), 7);
        assert!(trade.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(trade, trigger_code(TriggerKind::Trade, "TRADE-ME.com", at));
        assert_ne!(
            trade,
            trigger_code(TriggerKind::Transfer, "trade-me.com", at)
        );
        assert_ne!(trade, trigger_code(TriggerKind::Trade, "trade-me.net", at));
        assert_ne!(
            trade,
            trigger_code(TriggerKind::Trade, "trade-me.com", Timestamp(at.0 + 1))
        );
    }

    #[test]
    fn the_codes_the_fixtures_send() {
        // 2026-03-03 00:00:00: the fixtures' requests after `advance: 61d`.
        let at = Timestamp(1_772_496_000);
        let codes = [
            trigger_code(TriggerKind::Trade, "trade-me.com", at),
            trigger_code(TriggerKind::Transfer, "deny-me.com", at),
            trigger_code(TriggerKind::Transfer, "keep-me.com", at),
        ];
        assert_eq!(codes, ["7980070", "4580159", "2004633"]);
    }
}
