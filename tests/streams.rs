//! Streams as users write them: async generators yielding what `Content` takes (byte
//! literals included), and readers (`AsyncRead`) chunked at the size asked.

mod common;

use bytes::Bytes;
use common::frames;
use responses::{ErrorKind, IntoHttp, StreamingResponse};

#[tokio::test]
async fn an_async_generator_yields_bytes_literals_and_text() {
    let stream = async_stream::stream! {
        yield Ok::<_, std::io::Error>(responses::stream::Chunk::from(b"bytes "));
        yield Ok("text ".into());
        yield Ok(String::from("owned").into());
    };
    let r = StreamingResponse::new(stream)
        .with_media_type("text/plain")
        .into_http()
        .unwrap();
    let body = r.into_body().collect_bytes().await.unwrap();
    assert_eq!(&body[..], b"bytes text owned");

    // Items of one type need no wrapping at all: a byte-string literal is a stream item.
    let literals = async_stream::stream! {
        yield b"abc";
        yield b"def";
    };
    let body = StreamingResponse::new(literals)
        .into_http()
        .unwrap()
        .into_body()
        .collect_bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], b"abcdef");
}

#[tokio::test]
async fn a_reader_is_sent_in_chunks_of_the_size_asked() {
    let data: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    for chunk_size in [1, 7, 64, 4096] {
        let reader = std::io::Cursor::new(data.clone());
        let r = StreamingResponse::from_reader(reader, chunk_size)
            .into_http()
            .unwrap();
        let (chunks, error) = frames(r.into_body()).await;
        assert!(error.is_none());
        // An in-memory reader has every byte ready: each chunk is full but the last.
        let sizes: Vec<usize> = chunks.iter().map(|c| c.len()).collect();
        let mut want = vec![chunk_size; data.len() / chunk_size];
        if !data.len().is_multiple_of(chunk_size) {
            want.push(data.len() % chunk_size);
        }
        assert_eq!(sizes, want, "chunk size {chunk_size}");
        let joined: Vec<u8> = chunks.iter().flat_map(|c| c.iter().copied()).collect();
        assert_eq!(joined, data, "chunk size {chunk_size}");
    }
}

#[tokio::test]
async fn a_failing_reader_aborts_the_transfer() {
    struct Failing(bool);
    impl tokio::io::AsyncRead for Failing {
        fn poll_read(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
            buf: &mut tokio::io::ReadBuf<'_>,
        ) -> std::task::Poll<std::io::Result<()>> {
            if self.0 {
                return std::task::Poll::Ready(Err(std::io::Error::other("disk on fire")));
            }
            self.0 = true;
            buf.put_slice(b"first");
            std::task::Poll::Ready(Ok(()))
        }
    }
    let r = StreamingResponse::from_reader(Failing(false), 64)
        .into_http()
        .unwrap();
    let (chunks, error) = frames(r.into_body()).await;
    assert_eq!(chunks, [Bytes::from_static(b"first")]);
    let error = error.expect("the read error aborts the transfer");
    assert_eq!(error.kind(), ErrorKind::Stream);
    assert!(error.to_string().contains("disk on fire"));
}

#[test]
fn a_reader_chunk_size_is_bounded() {
    for chunk_size in [0, responses::file::MAX_CHUNK_SIZE + 1] {
        let err = StreamingResponse::from_reader(&b"x"[..], chunk_size)
            .into_http()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidChunkSize);
    }
}
