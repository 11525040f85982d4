use super::*;
use proptest::prelude::*;

const LIMITS: HeadLimits = HeadLimits {
    max_header_bytes: 256,
    max_headers: 4,
};

fn head(text: &str) -> Head {
    match parse_head(text.as_bytes(), LIMITS) {
        HeadStatus::Complete(h) => h,
        other => panic!("expected a complete head for {text:?}, got {other:?}"),
    }
}

fn plan_error(text: &str) -> (u16, String) {
    match plan(&head(text), 100) {
        Ok(p) => panic!("expected an error for {text:?}, got {p:?}"),
        Err(e) => (e.status, e.message),
    }
}

#[test]
fn parses_a_complete_head_and_reports_its_length() {
    let text = "GET /a/b?x=1 HTTP/1.1\r\nHost: h\r\nX-Thing: V\r\n\r\nrest";
    let h = head(text);
    assert_eq!(h.method, "GET");
    assert_eq!(h.target, "/a/b?x=1");
    assert_eq!(h.minor_version, 1);
    assert_eq!(
        h.headers,
        vec![
            ("host".to_owned(), "h".to_owned()),
            ("x-thing".to_owned(), "V".to_owned())
        ]
    );
    assert_eq!(h.len, text.len() - 4);
}

#[test]
fn head_errors_have_exact_statuses_and_messages() {
    let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(300));
    let partial_big = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(300));
    let cases: Vec<(String, u16, &str)> = vec![
        (
            "\x01\x02garbage\r\n\r\n".into(),
            400,
            "Malformed HTTP request head (invalid token); send a request line such as `GET /path HTTP/1.1` followed by `Name: value` header lines and a blank line",
        ),
        (
            "GET / HTTP/2.0\r\n\r\n".into(),
            505,
            "Unsupported HTTP version in the request line; this server speaks HTTP/1.0 and HTTP/1.1",
        ),
        (
            "GET / HTTP/1.1\r\na: 1\r\nb: 1\r\nc: 1\r\nd: 1\r\ne: 1\r\n\r\n".into(),
            431,
            "Request has more than 4 header lines; send fewer headers",
        ),
        (
            big,
            431,
            "Request head is larger than the 256-byte limit; send fewer or shorter headers",
        ),
        (
            partial_big,
            431,
            "Request head is larger than the 256-byte limit; send fewer or shorter headers",
        ),
    ];
    for (input, status, message) in cases {
        match parse_head(input.as_bytes(), LIMITS) {
            HeadStatus::Invalid(e) => {
                assert_eq!(
                    (e.status, e.message.as_str()),
                    (status, message),
                    "{input:?}"
                )
            }
            other => panic!("expected an error for {input:?}, got {other:?}"),
        }
    }
    assert_eq!(
        parse_head(b"GET / HTTP/1.1\r\nHost:", LIMITS),
        HeadStatus::Partial
    );
}

#[test]
fn plan_errors_have_exact_statuses_and_messages() {
    let cases: [(&str, u16, &str); 10] = [
        (
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            400,
            "Request has 2 Host headers; send exactly one",
        ),
        (
            "GET / HTTP/1.1\r\n\r\n",
            400,
            "HTTP/1.1 request without a Host header; add `Host: <hostname>`",
        ),
        (
            "GET foo HTTP/1.1\r\nHost: h\r\n\r\n",
            400,
            "Request target \"foo\" is not supported; use an absolute path such as /api/v1/workspaces",
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            400,
            "Request has both Transfer-Encoding and Content-Length; send only one of them",
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            501,
            "Transfer-Encoding \"gzip\" is not supported; send the body with Content-Length or `Transfer-Encoding: chunked`",
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
            400,
            "Transfer-Encoding lists chunked more than once; send `Transfer-Encoding: chunked`",
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\n",
            400,
            "Content-Length \"+5\" is not a non-negative decimal integer; send the body size in bytes",
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 6\r\n\r\n",
            400,
            "Conflicting Content-Length values 5 and 6; send exactly one",
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n",
            413,
            "Request body of 101 bytes exceeds the 100-byte limit; send a smaller body",
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nExpect: magic\r\n\r\n",
            417,
            "Expect: magic is not supported; send `Expect: 100-continue` or no Expect header",
        ),
    ];
    for (input, status, message) in cases {
        assert_eq!(plan_error(input), (status, message.to_owned()), "{input:?}");
    }
}

#[test]
fn plans_framing_targets_and_expectations() {
    let p = plan(
        &head("POST /x?y=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\nExpect: 100-Continue\r\n\r\n"),
        100,
    )
    .unwrap();
    assert_eq!(p.framing, Framing::Length(5));
    assert!(p.expect_continue);
    assert_eq!((p.path.as_str(), p.query.as_str()), ("/x", "y=1"));

    let p = plan(&head("GET / HTTP/1.0\r\n\r\n"), 100).unwrap();
    assert_eq!(p.framing, Framing::Empty);
    let p = plan(
        &head("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n"),
        100,
    )
    .unwrap();
    assert_eq!(p.framing, Framing::Chunked);
}

#[test]
fn keep_alive_follows_version_and_connection_header() {
    let cases = [
        ("GET / HTTP/1.1\r\nHost: h\r\n\r\n", true),
        (
            "GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n",
            false,
        ),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: te, Keep-Alive\r\n\r\n", true),
    ];
    for (input, expected) in cases {
        assert_eq!(wants_keep_alive(&head(input)), expected, "{input:?}");
    }
}

#[test]
fn splits_targets() {
    let cases = [
        ("GET", "/a?b=c", ("/a", "b=c")),
        ("GET", "/a", ("/a", "")),
        ("GET", "http://example.com/p?q", ("/p", "q")),
        ("GET", "HTTPS://example.com", ("/", "")),
        ("GET", "http://example.com?q=1", ("/", "q=1")),
        ("OPTIONS", "*", ("*", "")),
    ];
    for (method, target, (path, query)) in cases {
        assert_eq!(
            split_target(method, target).unwrap(),
            (path.to_owned(), query.to_owned()),
            "{target}"
        );
    }
    assert_eq!(split_target("GET", "*").unwrap_err().status, 400);
}

fn decode_all(input: &[u8], max_body: usize) -> Result<(Vec<u8>, usize), ProtocolError> {
    let mut d = ChunkedDecoder::new(max_body, 64);
    let mut out = Vec::new();
    let used = d.feed(input, &mut out)?;
    assert!(d.is_done(), "decoder not done for {input:?}");
    Ok((out, used))
}

#[test]
fn decodes_chunked_bodies_and_stops_at_the_end() {
    let input = b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\nGET /next";
    let (out, used) = decode_all(input, 100).unwrap();
    assert_eq!(out, b"hello world");
    assert_eq!(&input[used..], b"GET /next");
    let (out, _) = decode_all(b"A\nabcdefghij\n0\n\n", 100).unwrap();
    assert_eq!(out, b"abcdefghij");
}

#[test]
fn chunked_errors_have_exact_statuses_and_messages() {
    let long_line = format!("{}\r\n", "0".repeat(5000));
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        (
            b"zz\r\n".to_vec(),
            400,
            "Malformed chunked body: chunk-size line \"zz\" is not a hexadecimal size; send `<hex size>\\r\\n<data>\\r\\n` chunks ending with `0\\r\\n\\r\\n`",
        ),
        (
            b"3\r\nabcd\r\n".to_vec(),
            400,
            "Malformed chunked body: chunk data is longer than its declared size (no CRLF after it); check the hexadecimal chunk sizes",
        ),
        (
            b"ffffffffffffffff\r\n".to_vec(),
            413,
            "Chunked request body exceeds the 100-byte limit; send a smaller body",
        ),
        (
            b"11111111111111111\r\n".to_vec(),
            400,
            "Malformed chunked body: chunk-size line \"11111111111111111\" is not a hexadecimal size; send `<hex size>\\r\\n<data>\\r\\n` chunks ending with `0\\r\\n\\r\\n`",
        ),
        (
            long_line.into_bytes(),
            400,
            "Malformed chunked body: a chunk-size line is longer than 4096 bytes",
        ),
        (
            format!("0\r\nX: {}\r\n\r\n", "t".repeat(80)).into_bytes(),
            431,
            "Chunked body trailers are larger than the 64-byte limit; send fewer trailer fields",
        ),
    ];
    for (input, status, message) in cases {
        let mut d = ChunkedDecoder::new(100, 64);
        let err = d.feed(&input, &mut Vec::new()).unwrap_err();
        assert_eq!((err.status, err.message.as_str()), (status, message));
    }
}

fn encode_chunked(chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in chunks.iter().filter(|c| !c.is_empty()) {
        out.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
        out.extend_from_slice(c);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

proptest! {
    /// Whatever way the bytes arrive, decoding equals the concatenated chunks and stops
    /// exactly at the end of the encoding.
    #[test]
    fn chunked_decoding_is_split_invariant(
        chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 0..8),
        cuts in proptest::collection::vec(0usize..400, 0..10),
    ) {
        let mut encoded = encode_chunked(&chunks);
        let end = encoded.len();
        encoded.extend_from_slice(b"NEXT");
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(encoded.len())).collect();
        cuts.push(encoded.len());
        cuts.sort_unstable();
        let mut d = ChunkedDecoder::new(10_000, 1024);
        let mut out = Vec::new();
        let mut pos = 0;
        for cut in cuts {
            if cut > pos {
                pos += d.feed(&encoded[pos..cut], &mut out).unwrap();
                if d.is_done() { break; }
                prop_assert_eq!(pos, cut);
            }
        }
        prop_assert!(d.is_done());
        prop_assert_eq!(pos, end);
        prop_assert_eq!(out, chunks.concat());
    }

    /// Arbitrary bytes never panic the head parser or the decoder.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse_head(&bytes, LIMITS);
        let _ = ChunkedDecoder::new(100, 64).feed(&bytes, &mut Vec::new());
    }
}

#[test]
fn heads_with_more_headers_than_the_stack_slots_still_parse_up_to_the_limit() {
    let limits = HeadLimits {
        max_header_bytes: 16 * 1024,
        max_headers: 100,
    };
    let with = |n: usize| {
        let mut text = String::from("GET / HTTP/1.1\r\n");
        for i in 0..n {
            text.push_str(&format!("X-H{i}: v{i}\r\n"));
        }
        text.push_str("\r\n");
        parse_head(text.as_bytes(), limits)
    };
    for n in [STACK_HEADERS - 1, STACK_HEADERS, STACK_HEADERS + 1, 100] {
        match with(n) {
            HeadStatus::Complete(h) => {
                assert_eq!(h.headers.len(), n);
                assert_eq!(
                    h.headers.last().map(|(k, _)| k.clone()),
                    Some(format!("x-h{}", n - 1))
                );
            }
            other => panic!("{n} headers: expected a complete head, got {other:?}"),
        }
    }
    assert_eq!(
        with(101),
        HeadStatus::Invalid(ProtocolError::new(
            431,
            "Request has more than 100 header lines; send fewer headers"
        ))
    );
}
