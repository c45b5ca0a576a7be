//! The zones answered over real DNS (`--dns-listen`): an authoritative UDP and
//! TCP server (hickory-server with a handler of its own, no catalogue copy of
//! the zones) that asks the same registry the API changes, under the same
//! lock, for every query. It owns the sockets and the DNS wire; what a name
//! answers is decided by `registry::zone::lookup` (which knows no DNS wire),
//! and this module must not change the registry beyond counting each answer
//! in its zone's query stats (`System::answer_dns`).

mod answer;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use hickory_server::proto::op::{Edns, MessageType, Metadata, OpCode, ResponseCode};
use hickory_server::proto::rr::{DNSClass, Record, RecordType};
use hickory_server::server::{Request, RequestHandler, ResponseHandler, ResponseInfo};
use hickory_server::zone_handler::MessageResponseBuilder;
use hickory_server::{Server, net::runtime::Time};
use tokio::net::{TcpListener, UdpSocket};
use tracing::{info, warn};

use crate::registry::zone::Outcome;
use crate::registry::{Entity, Registry};

/// How long a TCP client may stay silent before its connection is closed.
const TCP_TIMEOUT: Duration = Duration::from_secs(10);

/// The bound sockets of `--dns-listen`: UDP and TCP on the same port.
pub struct DnsListener {
    pub udp: UdpSocket,
    pub tcp: TcpListener,
    /// The system whose zones are answered (`--dns-entity`).
    pub entity: Entity,
}

impl DnsListener {
    /// Binds UDP and TCP on `address`; port `0` picks one free port for both.
    pub async fn bind(address: SocketAddr, entity: Entity) -> std::io::Result<DnsListener> {
        // A free UDP port may be taken for TCP: try a few before giving up.
        let mut last = None;
        for _ in 0..16 {
            let udp = UdpSocket::bind(address).await?;
            let port = udp.local_addr()?.port();
            match TcpListener::bind(SocketAddr::new(address.ip(), port)).await {
                Ok(tcp) => return Ok(DnsListener { udp, tcp, entity }),
                Err(error) if address.port() == 0 => last = Some(error),
                Err(error) => return Err(error),
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("no free port for UDP and TCP")))
    }

    /// The address both sockets listen on.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.udp.local_addr()
    }
}

/// Serves DNS on `listener` from `registry` until the returned server is
/// shut down or dropped with the runtime.
pub fn serve(listener: DnsListener, registry: Arc<Mutex<Registry>>) -> Server<Handler> {
    let handler = Handler {
        registry,
        entity: listener.entity,
    };
    let mut server = Server::new(handler);
    server.register_socket(listener.udp);
    server.register_listener(listener.tcp, TCP_TIMEOUT, 64 * 1024);
    server
}

/// Answers each query from the registry.
pub struct Handler {
    registry: Arc<Mutex<Registry>>,
    entity: Entity,
}

impl Handler {
    /// The records of one question, built under the registry lock (owned,
    /// so the lock is released before anything is sent).
    /// The answer is counted in its zone's query stats (QueryDNSZoneStats).
    fn resolve(&self, name: &str, kind: RecordType) -> answer::Answer {
        let wall = crate::server::now();
        let mut registry = self.registry.lock().unwrap_or_else(PoisonError::into_inner);
        let lookup = registry
            .system_mut(self.entity)
            .answer_dns(name, &kind.to_string(), wall);
        answer::Answer::from_lookup(&lookup)
    }
}

#[async_trait::async_trait]
impl RequestHandler for Handler {
    async fn handle_request<R: ResponseHandler, T: Time>(
        &self,
        request: &Request,
        mut response_handle: R,
    ) -> ResponseInfo {
        // EDNS (RFC 6891): a client that sends an OPT gets one back with its
        // buffer size (at least 512), which bounds a UDP answer; an EDNS
        // version past 0 is BADVERS.
        let edns = request.edns.as_ref().map(|asked| {
            let mut edns = Edns::new();
            edns.set_max_payload(asked.max_payload().max(512));
            edns.set_version(0);
            if asked.version() > 0 {
                edns.set_rcode_high(ResponseCode::BADVERS.high());
            }
            edns
        });
        let builder = MessageResponseBuilder::new(&request.queries, edns.as_ref());
        // An answer of `code` alone (no records).
        let refuse = |code: ResponseCode| {
            let mut metadata = Metadata::response_from_request(&request.metadata);
            metadata.response_code = code;
            let response = MessageResponseBuilder::new(&request.queries, edns.as_ref())
                .error_msg(&request.metadata, code);
            (response, metadata)
        };
        let question = request.request_info().ok().filter(|_| {
            request.metadata.message_type == MessageType::Query
                && request.metadata.op_code == OpCode::Query
        });
        if request
            .edns
            .as_ref()
            .is_some_and(|asked| asked.version() > 0)
        {
            let (response, metadata) = refuse(ResponseCode::BADVERS);
            return send(&mut response_handle, response, metadata).await;
        }
        let Some(info) = question else {
            let (response, metadata) = refuse(ResponseCode::NotImp);
            return send(&mut response_handle, response, metadata).await;
        };
        let kind = info.query.query_type();
        let name = info.query.name().to_ascii();
        // Zone transfers are never served: no one lists another account's
        // zone; nor are questions of a class other than IN (CH, HS).
        let class = info.query.query_class();
        if matches!(kind, RecordType::AXFR | RecordType::IXFR) || class != DNSClass::IN {
            info!(peer = %request.src(), %name, %kind, %class, "DNS question refused");
            let (response, metadata) = refuse(ResponseCode::Refused);
            return send(&mut response_handle, response, metadata).await;
        }
        let answer = self.resolve(&name, kind);
        info!(
            peer = %request.src(),
            protocol = %request.protocol(),
            %name,
            %kind,
            outcome = ?answer.outcome,
            answers = answer.answers.len(),
            "DNS query"
        );
        let mut metadata = Metadata::response_from_request(&request.metadata);
        // A referral speaks for the child zone, which is not ours.
        metadata.authoritative = !matches!(answer.outcome, Outcome::Refused | Outcome::Referral);
        metadata.recursion_available = false;
        metadata.response_code = match answer.outcome {
            Outcome::Answer | Outcome::NoData | Outcome::Referral => ResponseCode::NoError,
            Outcome::NxDomain => ResponseCode::NXDomain,
            Outcome::Refused => ResponseCode::Refused,
        };
        let response = builder.build(
            metadata,
            answer.answers.iter(),
            answer.authority.iter(),
            answer.soa.iter(),
            answer.additional.iter(),
        );
        send(&mut response_handle, response, metadata).await
    }
}

/// Sends `response`; a send that fails (the client left) is logged and
/// reported as a SERVFAIL in the returned info, as hickory's own handlers do.
async fn send<'a, R: ResponseHandler>(
    handle: &mut R,
    response: hickory_server::zone_handler::MessageResponse<
        '_,
        'a,
        impl Iterator<Item = &'a Record> + Send + 'a,
        impl Iterator<Item = &'a Record> + Send + 'a,
        impl Iterator<Item = &'a Record> + Send + 'a,
        impl Iterator<Item = &'a Record> + Send + 'a,
    >,
    mut metadata: Metadata,
) -> ResponseInfo {
    match handle.send_response(response).await {
        Ok(info) => info,
        Err(error) => {
            warn!(%error, "DNS answer not sent");
            metadata.response_code = ResponseCode::ServFail;
            ResponseInfo::from(hickory_server::proto::op::Header {
                metadata,
                counts: Default::default(),
            })
        }
    }
}
