//! Opening input files: plain, gzip or zip (detected from the first bytes, not the name), read
//! as a stream. Decompression runs on its own thread and hands the parser 1 MiB blocks through a
//! bounded channel, so memory stays constant and decompression overlaps parsing.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread;

use crate::error::WarningError;

/// How the bytes of a file are wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zip,
}

/// Detect the wrapping from the magic bytes.
pub fn compression_of(head: &[u8]) -> Compression {
    if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(b"PK\x03\x04") {
        Compression::Zip
    } else {
        Compression::None
    }
}

const BLOCK: usize = 1 << 20;

/// A reader fed by a producer thread.
pub struct ChannelReader {
    rx: Receiver<io::Result<Vec<u8>>>,
    current: Vec<u8>,
    pos: usize,
    done: bool,
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.current.len() {
            if self.done {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Ok(block)) => {
                    self.current = block;
                    self.pos = 0;
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
        let n = buf.len().min(self.current.len() - self.pos);
        buf[..n].copy_from_slice(&self.current[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn pump(mut r: impl Read + Send + 'static) -> ChannelReader {
    let (tx, rx) = sync_channel::<io::Result<Vec<u8>>>(4);
    thread::spawn(move || {
        loop {
            let mut block = vec![0u8; BLOCK];
            let mut filled = 0;
            while filled < BLOCK {
                match r.read(&mut block[filled..]) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
            if filled == 0 {
                return;
            }
            block.truncate(filled);
            if tx.send(Ok(block)).is_err() {
                return;
            }
        }
    });
    ChannelReader { rx, current: Vec::new(), pos: 0, done: false }
}

/// An opened input: its name (for error messages), its decompressed byte stream, and its size on disk.
pub struct Input {
    pub name: String,
    pub compression: Compression,
    pub size_on_disk: u64,
    pub reader: Box<dyn Read + Send>,
}

fn is_data_entry(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [".csv", ".tsv", ".txt", ".json", ".jsonl"].iter().any(|e| n.ends_with(e)) && !n.contains("readme")
}

/// Open a file for streaming. A zip archive must hold exactly one data file (csv/tsv/txt/json/jsonl).
pub fn open(path: &Path) -> Result<Input, WarningError> {
    let err = |e| WarningError::io(path, e);
    let mut f = File::open(path).map_err(err)?;
    let size_on_disk = f.metadata().map_err(err)?.len();
    let mut head = [0u8; 4];
    let mut n = 0;
    while n < 4 {
        match f.read(&mut head[n..]).map_err(err)? {
            0 => break,
            k => n += k,
        }
    }
    let compression = compression_of(&head[..n]);
    let name = path.display().to_string();
    let rewound = io::Cursor::new(head[..n].to_vec()).chain(f);
    let reader: Box<dyn Read + Send> = match compression {
        Compression::None => Box::new(BufReader::with_capacity(BLOCK, rewound)),
        Compression::Gzip => {
            Box::new(pump(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(BLOCK, rewound))))
        }
        Compression::Zip => Box::new(open_zip(path)?),
    };
    Ok(Input { name, compression, size_on_disk, reader })
}

fn open_zip(path: &Path) -> Result<ChannelReader, WarningError> {
    let file = File::open(path).map_err(|e| WarningError::io(path, e))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| WarningError::Format(format!("{}: not a readable zip archive: {e}", path.display())))?;
    let entries: Vec<usize> =
        (0..archive.len()).filter(|&i| archive.name_for_index(i).is_some_and(is_data_entry)).collect();
    let [index] = entries[..] else {
        return Err(WarningError::Format(format!(
            "{}: the zip archive holds {} data files; it must hold exactly one",
            path.display(),
            entries.len()
        )));
    };
    // Check the entry opens (method supported) before handing the archive to the pump thread.
    archive
        .by_index(index)
        .map_err(|e| WarningError::Format(format!("{}: cannot read zip entry: {e}", path.display())))?;
    let p: PathBuf = path.to_path_buf();
    let (tx, rx) = sync_channel::<io::Result<Vec<u8>>>(4);
    thread::spawn(move || {
        let mut entry = match archive.by_index(index) {
            Ok(e) => e,
            Err(e) => {
                let _ = tx.send(Err(io::Error::other(format!("{}: {e}", p.display()))));
                return;
            }
        };
        loop {
            let mut block = vec![0u8; BLOCK];
            let mut filled = 0;
            while filled < BLOCK {
                match entry.read(&mut block[filled..]) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
            if filled == 0 {
                return;
            }
            block.truncate(filled);
            if tx.send(Ok(block)).is_err() {
                return;
            }
        }
    });
    Ok(ChannelReader { rx, current: Vec::new(), pos: 0, done: false })
}

/// A gzip writer (for generated test files).
pub type GzWriter = flate2::write::GzEncoder<std::io::BufWriter<File>>;

pub fn gz_writer(f: File) -> GzWriter {
    flate2::write::GzEncoder::new(std::io::BufWriter::with_capacity(1 << 22, f), flate2::Compression::fast())
}

/// Read up to `n` bytes from the start of a stream and give back a reader that replays them.
pub fn peek(mut r: Box<dyn Read + Send>, n: usize) -> io::Result<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut head = vec![0u8; n];
    let mut filled = 0;
    while filled < n {
        match r.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(k) => filled += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    head.truncate(filled);
    let replay = io::Cursor::new(head.clone()).chain(r);
    Ok((head, Box::new(replay)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("entente-warning-input-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d.join(name)
    }

    fn read_all(p: &Path) -> Vec<u8> {
        let mut input = open(p).unwrap();
        let mut out = Vec::new();
        input.reader.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn plain_gzip_and_zip_read_the_same_bytes() {
        let data: Vec<u8> = (0..3_000_000u32).flat_map(|i| format!("{i}\tx\n").into_bytes()).take(3_500_000).collect();
        let plain = tmp("a.tsv");
        std::fs::write(&plain, &data).unwrap();
        assert_eq!(read_all(&plain), data);

        let gz = tmp("a.tsv.gz");
        let mut enc = flate2::write::GzEncoder::new(File::create(&gz).unwrap(), flate2::Compression::fast());
        enc.write_all(&data).unwrap();
        enc.finish().unwrap();
        assert_eq!(open(&gz).unwrap().compression, Compression::Gzip);
        assert_eq!(read_all(&gz), data);

        let zp = tmp("a.zip");
        let mut zw = zip::ZipWriter::new(File::create(&zp).unwrap());
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zw.start_file("README.txt", opts).unwrap();
        zw.write_all(b"about").unwrap();
        zw.start_file("20240101.export.CSV", opts).unwrap();
        zw.write_all(&data).unwrap();
        zw.finish().unwrap();
        assert_eq!(open(&zp).unwrap().compression, Compression::Zip);
        assert_eq!(read_all(&zp), data);

        let two = tmp("two.zip");
        let mut zw = zip::ZipWriter::new(File::create(&two).unwrap());
        for n in ["a.csv", "b.csv"] {
            zw.start_file(n, opts).unwrap();
            zw.write_all(b"x").unwrap();
        }
        zw.finish().unwrap();
        assert!(matches!(open(&two), Err(WarningError::Format(_))));
        assert!(matches!(open(&tmp("missing")), Err(WarningError::Io { .. })));
    }
}
