//! The ring's unit tests: what is kept, in order, within the count and
//! byte budgets, and the allocation of a record pushed out reused.

use super::*;

fn record(entity: Option<Entity>, code: u16) -> Arc<Record> {
    Arc::new(Record {
        at: SystemTime::UNIX_EPOCH,
        peer: IpAddr::from([127, 0, 0, 1]),
        entity,
        request: None,
        caller: None,
        client: None,
        code,
        description: Cow::Borrowed("x"),
        dialect: Dialect::Hexonet,
        runtime: Duration::ZERO,
        reason: None,
        fault: None,
        answer: String::new(),
    })
}

#[test]
fn rings_keep_the_last_records_of_each_system_in_order() {
    let inspector = Inspector::new(KEEP);
    for n in 0..KEEP as u16 + 10 {
        inspector.push(record(Some(Entity::Ote), 200 + n % 2), 100);
    }
    inspector.push(record(Some(Entity::Live), 530), 100);
    inspector.push(record(None, 505), 100);
    let ote = inspector.after(Entity::Ote, 0);
    assert_eq!(ote.len(), KEEP);
    assert_eq!(ote[0].0, 12, "1010 of OT&E and one of no system pushed");
    assert!(ote.windows(2).all(|w| w[0].0 < w[1].0));
    // A record of no known system is in both rings.
    assert_eq!(ote.last().unwrap().1.code, 505);
    let live = inspector.after(Entity::Live, 0);
    let codes: Vec<u16> = live.iter().map(|(_, r)| r.code).collect();
    assert_eq!(codes, [530, 505]);
    assert_eq!(inspector.after(Entity::Live, live[0].0).len(), 1);
    assert_eq!(inspector.get(live[0].0).unwrap().code, 530);
    assert!(inspector.get(1).is_none(), "pushed out");
}

#[test]
fn the_number_kept_is_configurable_and_zero_keeps_none() {
    let off = Inspector::new(0);
    off.push(record(Some(Entity::Ote), 200), 100);
    assert!(off.after(Entity::Ote, 0).is_empty());
    let three = Inspector::new(3);
    for code in [200, 201, 202, 203] {
        three.push(record(Some(Entity::Ote), code), 100);
    }
    let codes: Vec<u16> = three
        .after(Entity::Ote, 0)
        .iter()
        .map(|(_, r)| r.code)
        .collect();
    assert_eq!(codes, [201, 202, 203]);
}

#[test]
fn a_record_pushed_out_is_emptied_and_its_allocation_holds_the_next() {
    let inspector = Inspector::new(1);
    let mut first = record(Some(Entity::Live), 200);
    Arc::make_mut(&mut first).reason = Some("kept until pushed out".into());
    inspector.push(first, 100);
    let kept = inspector.after(Entity::Live, 0);
    let at = Arc::as_ptr(&kept[0].1);
    drop(kept);
    inspector.push(record(Some(Entity::Live), 201), 100);
    let peer = IpAddr::from([10, 0, 0, 2]);
    let mut next = fresh(peer);
    assert_eq!(Arc::as_ptr(&next), at, "the first record's allocation");
    assert!(next.reason.is_none() && next.code == 0 && next.peer == peer);
    let filling = Arc::make_mut(&mut next);
    filling.code = 202;
    filling.entity = Some(Entity::Live);
    inspector.push(next, 100);
    let live = inspector.after(Entity::Live, 0);
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].1.code, 202);
    assert_eq!(Arc::as_ptr(&live[0].1), at);
}

#[test]
fn the_byte_budget_pushes_out_large_records() {
    let inspector = Inspector::new(KEEP);
    for _ in 0..10 {
        inspector.push(record(Some(Entity::Ote), 200), KEEP_BYTES / 4);
    }
    assert_eq!(inspector.after(Entity::Ote, 0).len(), 4);
}

#[test]
fn a_cleared_record_keeps_its_answer_buffer_empty_unless_it_is_large() {
    let mut small = Record::new(IpAddr::from([127, 0, 0, 1]));
    small.answer = "[RESPONSE]\r\nCODE=200\r\nEOF\r\n".repeat(10);
    small.code = 200;
    let (capacity, pointer) = (small.answer.capacity(), small.answer.as_ptr());
    small.clear(IpAddr::from([10, 0, 0, 1]));
    assert_eq!((small.code, small.peer), (0, IpAddr::from([10, 0, 0, 1])));
    assert!(small.answer.is_empty());
    assert_eq!(small.answer.capacity(), capacity);
    assert_eq!(small.answer.as_ptr(), pointer);
    let mut large = Record::new(IpAddr::from([127, 0, 0, 1]));
    large.answer = "x".repeat(ANSWER_KEPT + 1);
    large.clear(IpAddr::from([127, 0, 0, 1]));
    assert_eq!(large.answer.capacity(), 0);
}
