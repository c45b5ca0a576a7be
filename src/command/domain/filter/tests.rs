//! Reading the filters of each version: which parameters it takes, how
//! lists and regexes are read, and the OBJECTCLASS check.

use super::*;
use crate::command::args::params;

fn filter<'a>(map: &'a crate::wire::Params, accepted: &Accepted) -> Result<Filter<'a>> {
    let mut args = Args::new(map);
    let filter = Filter::read(&mut args, accepted)?;
    args.finish()?;
    Ok(filter)
}

#[test]
fn reads_the_subclass_regexes_whmcs_sends() {
    let map = params(&[("SUBCLASSREGEX", "^PREMIUM_.+$")]);
    let read = filter(&map, &VERSION2).unwrap();
    let regex = &read.regexes[0].regex;
    assert!(regex.is_match("PREMIUM_COM_A") && !regex.is_match("COM"));
}

#[test]
fn takes_each_versions_own_parameters() {
    let v2 = params(&[
        ("DOMAIN0", "b.com"),
        ("DOMAIN1", "A.COM"),
        ("DOMAIN2", "b.com"),
    ]);
    assert_eq!(
        filter(&v2, &VERSION2).unwrap().exact_names(),
        Some(vec!["a.com".to_owned(), "b.com".to_owned()])
    );
    assert_eq!(filter(&v2, &VERSION1).err().map(|e| e.code()), Some(503));
    let v1 = params(&[("NAMESERVER0", "NS1.Example.NET.")]);
    assert_eq!(
        filter(&v1, &VERSION1).unwrap().nameservers,
        ["ns1.example.net"]
    );
    assert_eq!(filter(&v1, &VERSION2).err().map(|e| e.code()), Some(503));
    let bad = params(&[("NAMESERVER3", "ns..example.net")]);
    assert_eq!(filter(&bad, &VERSION1).err().map(|e| e.code()), Some(505));
}

#[test]
fn an_object_class_must_be_one_the_list_can_show() {
    for good in ["DOMAIN", "domainapplication", "DOMAIN*", "*TRANSFER"] {
        let map = params(&[("OBJECTCLASS", good)]);
        assert!(filter(&map, &VERSION2).is_ok(), "{good}");
    }
    let map = params(&[("OBJECTCLASS", "DOMAINAPPLICATIONS")]);
    assert_eq!(filter(&map, &VERSION2).err().map(|e| e.code()), Some(541));
}
