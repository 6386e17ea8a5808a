//! The client against what is not a portal: plain HTTP to another machine, a redirect, an
//! endless answer. Each is refused without following or reading on.

use std::io::{Read, Write};
use std::net::TcpListener;

use kenpo_api::ErrorCode;
use kenpo_client::{ANSWER_MAX_BYTES, ClientError, PortalClient};

/// A one-shot HTTP server on loopback that answers the first request with `head` and then
/// `body_bytes` bytes of `x`; returns its address.
fn server(head: &'static str, body_bytes: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            // The request is small; what was read of it does not matter.
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            stream.write_all(head.as_bytes()).ok();
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0;
            while sent < body_bytes && stream.write_all(&chunk).is_ok() {
                sent += chunk.len();
            }
        }
    });
    address
}

#[test]
fn plain_http_is_used_only_to_this_device() {
    for insecure in
        ["http://portal.example-kenpo.or.jp/", "http://192.168.1.10:8787/", "http://127.0.0.1.nip.io/"]
    {
        assert!(matches!(PortalClient::new(insecure), Err(ClientError::Insecure(_))), "{insecure}");
        assert_eq!(PortalClient::new(insecure).err().unwrap().code(), ErrorCode::PortalUrlInsecure);
    }
    for fine in [
        "https://portal.example-kenpo.or.jp/",
        "http://127.0.0.1:8787/",
        "http://localhost:8787/",
        "http://[::1]:8787/",
    ] {
        assert!(PortalClient::new(fine).is_ok(), "{fine}");
    }
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let url =
        server("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/steal\r\nContent-Length: 0\r\n\r\n", 0);
    let client = PortalClient::new(&url).unwrap();
    assert!(matches!(client.time().await, Err(ClientError::Protocol(302))));
}

#[tokio::test]
async fn an_answer_larger_than_the_cap_is_not_read_to_its_end() {
    // 64 MiB announced and sent: the client stops after ANSWER_MAX_BYTES.
    let url = server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 67108864\r\n\r\n",
        64 << 20,
    );
    let client = PortalClient::new(&url).unwrap();
    const { assert!(ANSWER_MAX_BYTES < 64 << 20) };
    assert!(matches!(client.time().await, Err(ClientError::Protocol(200))));
}
