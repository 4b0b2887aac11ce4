//! `enquete bench gates`: a day at the festival's gates, simulated. Tickets are sold and signed
//! as on the real site, into a real database; each gate is a phone running the lane rule
//! (enquete_domain::gate::Gate, the rule the scanner page runs) with its own ledger, syncing
//! with the server's real operations (enquete_app::gates) when its network is up. Visitors
//! arrive over the hour with two peaks at the gate of their ticket's lane; a share of them pass
//! their ticket on, and someone else tries it later at another gate. Networks drop at random
//! per gate, and all at once for `--partition-minutes`.
//!
//! It counts, from every gate's own decisions, the entry keys admitted more than once, and the
//! valid first entries refused; then the same day again with gates that admit offline whatever
//! they do not know of (the naive rule), to show the day is one where the rule matters. Figures
//! last, as one JSON line.

use anyhow::{Context, Result, bail};
use enquete_app::gates::{Decision, SyncRequest, admit_as, scan_of, sync_as};
use enquete_app::tickets::{Claim, claim_of, sign, verify};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::festival::{OrderDraft, TicketTypeDraft};
use enquete_domain::gate::{Gate, LEASE_SECONDS, Layout, Local};
use enquete_domain::org::{UnitKind, UnitName};
use enquete_domain::people::{Email, Language};
use enquete_store::crypto::Keyring;
use enquete_store::{AuditEvent, FestivalRecord, LaneGrant, ScanRow, Store};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::time::{Duration, Instant};

/// The simulation's settings (the command's flags).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub tickets: usize,
    pub gates: u32,
    pub groups: u32,
    pub duplicates: f64,
    pub partition_minutes: i64,
    pub seed: u64,
}

const HOUR: i64 = 3_600;
const SYNC_EVERY: i64 = 10;
/// How long a visitor sent to another lane takes to get there.
const WALK: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Holder,
    Copy,
    /// A copy sent on to the lane named.
    Sent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Sync(u32),
    Scan { gate: u32, ticket: usize, who: Who },
}

/// Which gates' networks are down when.
struct Network {
    cuts: Vec<Vec<(i64, i64)>>,
}

impl Network {
    fn new(rng: &mut fastrand::Rng, gates: u32, partition: i64) -> Self {
        let all_from = 600 + rng.i64(0..=1_800);
        let cuts = (0..gates)
            .map(|_| {
                let mut cuts = vec![(all_from, all_from + partition * 60)];
                let mut t = 0;
                loop {
                    // A cut every 15 minutes or so, of 30 s to 4 minutes.
                    t += (-(900.0 * (1.0 - rng.f64()).ln())) as i64;
                    if t > 2 * HOUR {
                        break;
                    }
                    let len = rng.i64(30..=240);
                    cuts.push((t, t + len));
                    t += len;
                }
                cuts
            })
            .collect();
        Self { cuts }
    }

    fn up(&self, gate: u32, t: i64) -> bool {
        self.cuts
            .get(gate as usize)
            .is_none_or(|cuts| !cuts.iter().any(|(from, to)| (*from..*to).contains(&t)))
    }
}

/// A normal draw (Box-Muller).
fn normal(rng: &mut fastrand::Rng, mean: f64, sd: f64) -> f64 {
    let u = (1.0 - rng.f64()).max(f64::MIN_POSITIVE);
    mean + sd * (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * rng.f64()).cos()
}

/// When visitors arrive: two peaks (a quarter past, twenty to) and a steady flow.
fn arrival(rng: &mut fastrand::Rng) -> i64 {
    let pick = rng.f64();
    let t = if pick < 0.4 {
        normal(rng, 900.0, 360.0)
    } else if pick < 0.75 {
        normal(rng, 2_400.0, 300.0)
    } else {
        rng.f64() * 3_600.0
    };
    (t as i64).clamp(0, HOUR - 1)
}

fn audit(at: Timestamp) -> AuditEvent {
    AuditEvent {
        at,
        user: None,
        action: AuditAction::Festival,
        person: None,
        detail: "bench".into(),
        ip: "bench".into(),
    }
}

/// The festival and its signed tickets, in a fresh database.
async fn sell(store: &Store, s: Settings) -> Result<(FestivalRecord, Vec<(Claim, String)>)> {
    let now = Timestamp(1_780_000_000);
    let nation = store
        .create_unit(None, UnitKind::Nation, &UnitName::parse("Bench")?, now)
        .await?;
    let (signing_key, public_key) = enquete_app::tickets::new_keys()?;
    let id = store
        .create_festival(
            &enquete_store::NewFestival {
                unit: nation.id,
                name: "Bench festival".into(),
                starts_on: now,
                ends_on: now,
                iban: "BE68539007547034".into(),
                signing_key: signing_key.clone(),
                public_key,
            },
            now,
            audit(now),
        )
        .await?;
    let layout = Layout {
        entrances: s.groups,
        lanes: s.gates / s.groups,
    };
    store.set_layout(id, layout, audit(now)).await?;
    let quota = s.tickets.to_string();
    let day = now.date();
    let draft = TicketTypeDraft::parse("day", &[("en", "Day")], "child", "0", &quota, &day, &day)?;
    let ty = store
        .create_ticket_type(id, &draft, now, audit(now))
        .await?;
    let festival = store.festival(id).await?;
    let types = store.ticket_types(id).await?;
    let mut out = Vec::with_capacity(s.tickets);
    let mut left = s.tickets;
    while left > 0 {
        let n = left.min(10);
        left -= n;
        let order = store
            .place_order(
                id,
                &OrderDraft {
                    name: "Bench visitor".into(),
                    email: Email::parse("visitor@example.org")?,
                    postcode: "1000".into(),
                    lines: vec![(ty, u32::try_from(n)?)],
                    contact: false,
                },
                Language::En,
                None,
                now,
                audit(now),
                false,
                None,
            )
            .await?;
        for t in store.tickets_of(order.id).await? {
            let claim = claim_of(&festival, &t, types.first());
            let text = sign(&signing_key, &claim)?;
            out.push((claim, text));
        }
    }
    Ok((festival, out))
}

/// What one day at the gates gave.
#[derive(Debug, Default)]
struct Day {
    scans: u64,
    admitted: u64,
    admitted_twice: u64,
    refused_valid: u64,
    refused_copies: u64,
    sent_on: u64,
    offline_decisions: u64,
    server_decisions: u64,
    lease_lapsed: u64,
    server_doubles: u64,
    local: Vec<(u64, Duration)>,
    /// The most scans one gate had in one minute.
    peak_per_minute: u64,
    sync: Duration,
    final_sync: Duration,
    syncs: u64,
}

/// One gate phone.
struct Phone {
    device: String,
    lane: u32,
    gate: Gate,
    pending: Vec<ScanRow>,
    revoked: HashSet<String>,
    /// The naive rule: its own admissions only.
    naive: HashSet<String>,
}

async fn run_day(
    store: &Store,
    festival: &FestivalRecord,
    tickets: &[(Claim, String)],
    s: Settings,
    naive: bool,
) -> Result<Day> {
    let mut rng = fastrand::Rng::with_seed(s.seed);
    let network = Network::new(&mut rng, s.gates, s.partition_minutes);
    let layout = festival.layout;
    let base = festival.starts_on.0 + 10 * HOUR;
    let mut phones: Vec<Phone> = (0..s.gates)
        .map(|g| Phone {
            device: format!("gate-{g:04}-{}", if naive { "naive" } else { "lanes" }),
            lane: g,
            gate: Gate::new(),
            pending: Vec::new(),
            revoked: HashSet::new(),
            naive: HashSet::new(),
        })
        .collect();
    let mut queue: BinaryHeap<Reverse<(i64, u64, Event)>> = BinaryHeap::new();
    let mut seq = 0_u64;
    let mut push = |queue: &mut BinaryHeap<_>, t: i64, e: Event| {
        seq += 1;
        queue.push(Reverse((t, seq, e)));
    };
    for g in 0..s.gates {
        for k in 0..(2 * HOUR / SYNC_EVERY) {
            push(
                &mut queue,
                -60 + k * SYNC_EVERY + i64::from(g),
                Event::Sync(g),
            );
        }
    }
    for (i, (claim, _)) in tickets.iter().enumerate() {
        let t = arrival(&mut rng);
        let own = layout.lane_of(&claim.ticket);
        push(
            &mut queue,
            t,
            Event::Scan {
                gate: own,
                ticket: i,
                who: Who::Holder,
            },
        );
        if rng.f64() < s.duplicates {
            let other = (own + rng.u32(1..s.gates)) % s.gates;
            push(
                &mut queue,
                t + rng.i64(60..=2_400),
                Event::Scan {
                    gate: other,
                    ticket: i,
                    who: Who::Copy,
                },
            );
        }
    }
    let mut day = Day {
        local: vec![(0, Duration::ZERO); s.gates as usize],
        ..Day::default()
    };
    let mut admissions: HashMap<String, u32> = HashMap::new();
    let mut admit = |key: Option<String>, day: &mut Day| {
        day.admitted += 1;
        if let Some(key) = key {
            let n = admissions.entry(key).or_default();
            *n += 1;
            if *n == 2 {
                day.admitted_twice += 1;
            }
        }
    };
    let mut scan_seq = 0_u64;
    let mut per_minute: HashMap<(u32, i64), u64> = HashMap::new();
    while let Some(Reverse((t, _, event))) = queue.pop() {
        let now = Timestamp(base + t);
        match event {
            Event::Sync(g) => {
                if !network.up(g, t) {
                    continue;
                }
                let phone = phones.get_mut(g as usize).context("gate")?;
                let started = Instant::now();
                let req = SyncRequest {
                    device: phone.device.clone(),
                    gate_name: format!("Gate {}", layout.label(phone.lane)),
                    hold: if naive { Vec::new() } else { vec![phone.lane] },
                    release: Vec::new(),
                    scans: std::mem::take(&mut phone.pending),
                };
                let answer = sync_as(store, festival, &req, now).await?;
                day.sync += started.elapsed();
                day.syncs += 1;
                day.server_doubles += u64::from(answer.stored.doubles);
                phone.revoked = answer.revoked.into_iter().collect();
                for (lane, grant) in answer.grants {
                    match grant {
                        LaneGrant::Granted { entries } => {
                            for (key, at) in entries {
                                phone.gate.learn(&key, at);
                            }
                            phone.gate.granted(lane, now, LEASE_SECONDS);
                        }
                        LaneGrant::Held { .. } => phone.gate.dropped(lane),
                    }
                }
            }
            Event::Scan { gate, ticket, who } => {
                let (_, text) = tickets.get(ticket).context("ticket")?;
                let up = network.up(gate, t);
                let phone = phones.get_mut(gate as usize).context("gate")?;
                day.scans += 1;
                scan_seq += 1;
                let n = per_minute.entry((gate, t.div_euclid(60))).or_default();
                *n += 1;
                day.peak_per_minute = day.peak_per_minute.max(*n);
                let scan_id = format!("{}-{scan_seq:08}", phone.device);
                let started = Instant::now();
                let claim = verify(text, &festival.public_key, festival.id, now, &phone.revoked)
                    .map_err(|r| anyhow::anyhow!("a valid ticket refused: {}", r.as_str()))?;
                let mut row = scan_of(&claim, layout, &scan_id, now, !up);
                let local = if naive {
                    if up {
                        Local::OtherLane(row.lane)
                    } else {
                        match &row.entry_key {
                            Some(k) if !phone.naive.insert(k.clone()) => Local::Already(now),
                            k => Local::Admit(k.clone()),
                        }
                    }
                } else {
                    phone.gate.decide(row.lane, row.entry_key.as_deref(), now)
                };
                if let Some((n, spent)) = day.local.get_mut(gate as usize) {
                    *n += 1;
                    *spent += started.elapsed();
                }
                let admitted = match local {
                    Local::Admit(key) => {
                        day.offline_decisions += u64::from(!up);
                        admit(key, &mut day);
                        true
                    }
                    Local::Already(_) => {
                        row.outcome = "already".into();
                        false
                    }
                    Local::LeaseLapsed => {
                        day.lease_lapsed += 1;
                        row.outcome = "lease-lapsed".into();
                        false
                    }
                    Local::OtherLane(lane) if up => {
                        day.server_decisions += 1;
                        let decision = admit_as(
                            store,
                            festival,
                            &phone.revoked,
                            &phone.device,
                            &scan_id,
                            text,
                            now,
                        )
                        .await?;
                        match decision {
                            Decision::Admitted(_) => {
                                admit(row.entry_key.clone(), &mut day);
                                if naive && let Some(k) = &row.entry_key {
                                    phone.naive.insert(k.clone());
                                }
                                // Kept by the server already.
                                row.outcome = String::new();
                                true
                            }
                            Decision::GoTo { .. } => {
                                day.sent_on += 1;
                                if who == Who::Copy {
                                    push(
                                        &mut queue,
                                        t + WALK,
                                        Event::Scan {
                                            gate: lane,
                                            ticket,
                                            who: Who::Sent,
                                        },
                                    );
                                }
                                row.outcome = String::new();
                                false
                            }
                            Decision::Already(_) | Decision::Refused(_) => {
                                row.outcome = String::new();
                                false
                            }
                        }
                    }
                    Local::OtherLane(lane) => {
                        day.sent_on += 1;
                        if who == Who::Copy {
                            push(
                                &mut queue,
                                t + WALK,
                                Event::Scan {
                                    gate: lane,
                                    ticket,
                                    who: Who::Sent,
                                },
                            );
                        }
                        row.outcome = "other-lane".into();
                        false
                    }
                };
                if !row.outcome.is_empty() {
                    phone.pending.push(row);
                }
                match (who, admitted) {
                    (Who::Holder, false) => day.refused_valid += 1,
                    (Who::Copy | Who::Sent, false) => day.refused_copies += 1,
                    _ => {}
                }
            }
        }
    }
    // The end of the day: every gate sends what it still has.
    let started = Instant::now();
    for phone in &mut phones {
        let req = SyncRequest {
            device: phone.device.clone(),
            gate_name: String::new(),
            hold: Vec::new(),
            release: if naive { Vec::new() } else { vec![phone.lane] },
            scans: std::mem::take(&mut phone.pending),
        };
        let answer = sync_as(store, festival, &req, Timestamp(base + 3 * HOUR)).await?;
        day.server_doubles += u64::from(answer.stored.doubles);
    }
    day.final_sync = started.elapsed();
    day.sync += day.final_sync;
    Ok(day)
}

/// Runs the simulation and prints its figures.
pub async fn gates(s: Settings) -> Result<()> {
    if s.groups == 0 || s.gates == 0 || !s.gates.is_multiple_of(s.groups) || s.groups > 26 {
        bail!("--gates must be a multiple of --groups (1 to 26 groups)");
    }
    if s.gates / s.groups > 20 {
        bail!("at most 20 gates per group");
    }
    if s.gates < 2 {
        bail!("at least 2 gates");
    }
    if !(0.0..=1.0).contains(&s.duplicates) {
        bail!("--duplicates is a share, from 0 to 1");
    }
    if !(0..=120).contains(&s.partition_minutes) {
        bail!("--partition-minutes is 0 to 120");
    }
    if s.tickets == 0 || s.tickets > 200_000 {
        bail!("--tickets is 1 to 200000");
    }
    {
        let dir = tempfile::tempdir()?;
        let started = Instant::now();
        let url = format!("sqlite://{}", dir.path().join("gates.db").display());
        let store = Store::open_with(&url, Keyring::new(&Keyring::generate(), &[])?).await?;
        let (festival, tickets) = sell(&store, s).await?;
        let setup = started.elapsed();
        let day = run_day(&store, &festival, &tickets, s, false).await?;
        let figures = store.gate_figures(festival.id).await?;
        // The naive day: the same arrivals and cuts, in a database of its own.
        let url = format!("sqlite://{}", dir.path().join("naive.db").display());
        let naive_store = Store::open_with(&url, Keyring::new(&Keyring::generate(), &[])?).await?;
        let (naive_festival, naive_tickets) = sell(&naive_store, s).await?;
        let naive = run_day(&naive_store, &naive_festival, &naive_tickets, s, true).await?;
        let rates: Vec<f64> = day
            .local
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, spent)| *n as f64 / spent.as_secs_f64().max(1e-9))
            .collect();
        let min_rate = rates.iter().copied().fold(f64::INFINITY, f64::min);
        let mean_rate = rates.iter().sum::<f64>() / rates.len().max(1) as f64;
        let figures_json = serde_json::json!({
            "tickets": s.tickets,
            "gates": s.gates,
            "groups": s.groups,
            "duplicates": s.duplicates,
            "partition_minutes": s.partition_minutes,
            "seed": s.seed,
            "scans": day.scans,
            "admitted": day.admitted,
            "admitted_twice": day.admitted_twice,
            "refused_valid": day.refused_valid,
            "copy_scans_refused": day.refused_copies,
            "sent_to_their_lane": day.sent_on,
            "offline_admissions": day.offline_decisions,
            "server_decisions": day.server_decisions,
            "lease_lapsed": day.lease_lapsed,
            "server_entries": figures.entries,
            "server_double_entries": day.server_doubles,
            "naive_admitted_twice": naive.admitted_twice,
            "naive_server_double_entries": naive.server_doubles,
            "scans_per_s": min_rate.round(),
            "scans_per_s_mean": mean_rate.round(),
            "peak_scans_per_gate_per_s": (day.peak_per_minute as f64 / 60.0 * 100.0).round() / 100.0,
            "headroom": (min_rate / (day.peak_per_minute as f64 / 60.0).max(1e-9)).round(),
            "syncs": day.syncs,
            "sync_s": (day.sync.as_secs_f64() * 1000.0).round() / 1000.0,
            "final_sync_s": (day.final_sync.as_secs_f64() * 1000.0).round() / 1000.0,
            "setup_s": (setup.as_secs_f64() * 10.0).round() / 10.0,
        });
        println!(
            "{} tickets, {} gates in {} groups: {} admitted, {} admitted twice (naive rule: {}), \
             {} valid first entries refused, {} copies refused, {} sent to their lane",
            s.tickets,
            s.gates,
            s.groups,
            day.admitted,
            day.admitted_twice,
            naive.admitted_twice,
            day.refused_valid,
            day.refused_copies,
            day.sent_on
        );
        println!("{figures_json}");
    }
    Ok(())
}
