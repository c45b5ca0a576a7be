//! Whether one ACL may allow a command that another does not allow outright
//! (ARCHITECTURE.md, "Role-user ACLs", a role managing roles): the
//! comparison per command name and its explanation. Which names to compare
//! is the caller's (the command tables), as is what follows from the answer.

use super::{ALWAYS_ALLOWED, Acl, Brackets, Policy, Rule};

/// Why an ACL may allow a command under some parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant<'a> {
    /// An ALLOW rule naming the command, not shadowed by an unconditional DENY.
    Rule(&'a Rule),
    /// No unconditional rule decides, and DEFAULTPOLICY is ALLOW.
    Default,
}

/// Why an ACL does not allow a command whatever its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lack<'a> {
    /// A rule without conditions denies it.
    Denied(&'a Rule),
    /// It is allowed only under this rule's conditions, or this rule can
    /// deny it for some parameters (a conditional DENY, or a `( )` rule,
    /// which denies when its parameter is absent).
    Conditional(&'a Rule),
    /// No rule allows it at all, and DEFAULTPOLICY is DENY.
    Default,
}

/// One command a new ACL may allow and the acting ACL does not allow outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Excess<'a> {
    pub command: &'a str,
    pub grant: Grant<'a>,
    pub lack: Lack<'a>,
}

impl Excess<'_> {
    /// `test.user!wide would be allowed AddContact (by its DEFAULTPOLICY ALLOW),
    /// and test.user!ci is not (…)`.
    pub fn explain(&self, new: &str, acting: &str) -> String {
        let command = self.command;
        let grant = match self.grant {
            Grant::Rule(rule) => format!("by {} \"{}\"", rule.span(), rule.text),
            Grant::Default => "by its DEFAULTPOLICY ALLOW".to_owned(),
        };
        let lack = self.lack.explain(command);
        format!("{new} would be allowed {command} ({grant}), {acting} is not ({lack})")
    }
}

impl Lack<'_> {
    /// `no rule allows AddContact and its DEFAULTPOLICY is DENY`, or the
    /// rule that denies `command` or allows it only under conditions.
    pub fn explain(&self, command: &str) -> String {
        match self {
            Lack::Denied(rule) => format!("{} \"{}\" denies it", rule.span(), rule.text),
            // An ALLOW with conditions allows only under them; a DENY
            // with conditions (or a `( )` rule) allows all but them.
            Lack::Conditional(rule) if rule.policy == Policy::Allow => format!(
                "only under the conditions of {} \"{}\"",
                rule.span(),
                rule.text
            ),
            Lack::Conditional(rule) => {
                format!("not where {} \"{}\" denies it", rule.span(), rule.text)
            }
            Lack::Default => {
                format!("no rule allows {command} and its DEFAULTPOLICY is DENY")
            }
        }
    }
}

impl Acl {
    /// No rules and DEFAULTPOLICY ALLOW: what an account's own login, which
    /// has no ACL, may run, as an ACL to compare with (`exceeds`).
    pub fn everything() -> Acl {
        Acl {
            rules: Vec::new(),
            lines: Vec::new(),
            default: Policy::Allow,
            by_command: Default::default(),
        }
    }

    /// The rules naming `command`, ignoring case, in ACL order.
    fn rules_for<'a>(&'a self, command: &str) -> impl Iterator<Item = &'a Rule> + Clone {
        let key = command.to_ascii_lowercase().into_bytes();
        self.by_command
            .get(key.as_slice())
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&at| &self.rules[at])
    }

    /// Whether this ACL may allow `command` when `acting` does not allow it
    /// for every set of parameters; `None` when it cannot. Session commands
    /// are outside every ACL. Conservative: an ALLOW rule counts as allowing
    /// whatever its conditions, unless an unconditional DENY precedes it;
    /// the one exception is an ACL with the very same rules for `command`
    /// as `acting` (same brackets, conditions and policies, in order) whose
    /// DEFAULTPOLICY is DENY or `acting`'s ALLOW: it decides as `acting`
    /// does or denies.
    pub fn exceeds<'a>(&'a self, acting: &'a Acl, command: &'a str) -> Option<Excess<'a>> {
        if ALWAYS_ALLOWED
            .iter()
            .any(|c| c.eq_ignore_ascii_case(command))
        {
            return None;
        }
        let grant = self.may_allow(command)?;
        let same = self
            .rules_for(command)
            .map(Shape)
            .eq(acting.rules_for(command).map(Shape));
        if same && (self.default == Policy::Deny || acting.default == Policy::Allow) {
            return None;
        }
        let lack = acting.lacks(command)?;
        Some(Excess {
            command,
            grant,
            lack,
        })
    }

    /// Why `command` may be allowed for some parameters, if it may.
    fn may_allow(&self, command: &str) -> Option<Grant<'_>> {
        for rule in self.rules_for(command) {
            match rule.policy {
                Policy::Allow => return Some(Grant::Rule(rule)),
                Policy::Deny if rule.conditions.is_empty() => return None,
                Policy::Deny => {}
            }
        }
        (self.default == Policy::Allow).then_some(Grant::Default)
    }

    /// Why `command` is not allowed for every set of parameters; `None`
    /// when it is: the rules before the first unconditional one can only
    /// allow (`[ ]` ALLOW rules), and that rule, or else DEFAULTPOLICY, allows.
    /// A conditional ALLOW rule before the refusal is named as the one
    /// that allows it at all.
    fn lacks(&self, command: &str) -> Option<Lack<'_>> {
        let mut partial = None;
        for rule in self.rules_for(command) {
            match (rule.conditions.is_empty(), rule.policy, rule.brackets) {
                (true, Policy::Allow, _) => return None,
                (true, Policy::Deny, _) => {
                    return Some(partial.map_or(Lack::Denied(rule), Lack::Conditional));
                }
                (false, Policy::Allow, Brackets::Square) => {
                    partial = partial.or(Some(rule));
                }
                (false, _, _) => return Some(Lack::Conditional(rule)),
            }
        }
        (self.default == Policy::Deny).then(|| partial.map_or(Lack::Default, Lack::Conditional))
    }
}

/// A rule as it decides: brackets, policy and conditions, ignoring the case
/// of parameter names and globs (both compare ignoring case), not its text.
struct Shape<'a>(&'a Rule);

impl PartialEq for Shape<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0, other.0);
        a.brackets == b.brackets
            && a.policy == b.policy
            && a.conditions.len() == b.conditions.len()
            && a.conditions.iter().zip(&b.conditions).all(|(x, y)| {
                x.param.eq_ignore_ascii_case(&y.param) && x.glob.eq_ignore_ascii_case(&y.glob)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Acl, Policy};

    fn acl(lines: &[&str], default: Policy) -> Acl {
        Acl::parse(lines.iter().copied().enumerate(), default).expect("a valid ACL")
    }

    fn excess(new: &Acl, acting: &Acl, command: &str) -> Option<String> {
        new.exceeds(acting, command)
            .map(|e| e.explain("test.user!new", "test.user!ci"))
    }

    #[test]
    fn a_default_allow_exceeds_a_default_deny() {
        let acting = acl(&["StatusAccount():ALLOW"], Policy::Deny);
        let new = acl(&[], Policy::Allow);
        assert_eq!(excess(&new, &acting, "StatusAccount"), None);
        assert_eq!(
            excess(&new, &acting, "AddContact").as_deref(),
            Some(
                "test.user!new would be allowed AddContact (by its DEFAULTPOLICY ALLOW), \
                 test.user!ci is not (no rule allows AddContact and its DEFAULTPOLICY is DENY)"
            )
        );
        assert_eq!(excess(&new, &acting, "StartSession"), None);
        assert_eq!(excess(&acting, &new, "AddContact"), None, "narrower");
        let everything = super::super::Acl::everything();
        assert_eq!(excess(&everything, &new, "AddContact"), None);
        assert!(excess(&everything, &acting, "AddContact").is_some());
    }

    #[test]
    fn conditions_of_the_acting_role_bind_unless_the_rules_are_the_same() {
        let acting = acl(
            &[
                "RenewDomain[",
                "DOMAIN=*.uk",
                "]:ALLOW",
                "StatusAccount[]:DENY",
            ],
            Policy::Deny,
        );
        let copy = acl(&["renewdomain[", "domain = *.UK", "]:ALLOW"], Policy::Deny);
        assert_eq!(excess(&copy, &acting, "RenewDomain"), None);
        let wider = acl(&["RenewDomain[]:ALLOW"], Policy::Deny);
        assert_eq!(
            excess(&wider, &acting, "RenewDomain").as_deref(),
            Some(
                "test.user!new would be allowed RenewDomain (by ACL0 \"RenewDomain[]:ALLOW\"), \
                 test.user!ci is not (only under the conditions of ACL0..ACL2 \"RenewDomain[ DOMAIN=*.uk ]:ALLOW\")"
            )
        );
        let same_but_default_allow =
            acl(&["RenewDomain[", "DOMAIN=*.uk", "]:ALLOW"], Policy::Allow);
        assert!(excess(&same_but_default_allow, &acting, "RenewDomain").is_some());
        let denied = acl(&["StatusAccount():ALLOW"], Policy::Deny);
        assert!(
            excess(&denied, &acting, "StatusAccount")
                .unwrap()
                .ends_with("(ACL3 \"StatusAccount[]:DENY\" denies it)")
        );
    }

    #[test]
    fn an_unconditional_deny_shadows_later_allows_and_square_allows_do_not_bind() {
        let new = acl(&["AddDomain[]:DENY", "AddDomain[]:ALLOW"], Policy::Allow);
        let acting = acl(&[], Policy::Deny);
        assert_eq!(excess(&new, &acting, "AddDomain"), None);
        let acting = acl(&["AddDomain[", "DOMAIN=*.uk", "]:ALLOW"], Policy::Allow);
        let new = acl(&[], Policy::Allow);
        assert_eq!(excess(&new, &acting, "AddDomain"), None, "only allows more");
        let round = acl(&["AddDomain(", "DOMAIN=*.uk", "):ALLOW"], Policy::Allow);
        assert!(excess(&new, &round, "AddDomain").is_some(), "( ) enforces");
    }

    #[test]
    fn a_conditional_deny_is_explained_as_allowing_all_but_its_conditions() {
        let acting = acl(
            &["CheckDomain[", "DOMAIN=a*", "]:DENY", "CheckDomain[]:ALLOW"],
            Policy::Deny,
        );
        let new = acl(
            &["CheckDomain[", "DOMAIN=b*", "]:DENY", "CheckDomain[]:ALLOW"],
            Policy::Deny,
        );
        assert_eq!(
            excess(&new, &acting, "CheckDomain").as_deref(),
            Some(
                "test.user!new would be allowed CheckDomain (by ACL3 \"CheckDomain[]:ALLOW\"), \
                 test.user!ci is not (not where ACL0..ACL2 \"CheckDomain[ DOMAIN=a* ]:DENY\" denies it)"
            )
        );
    }
}
