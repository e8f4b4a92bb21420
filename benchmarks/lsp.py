"""What a keystroke costs in `ibdsl lsp`: the time from a change to its diagnostics.

Starts the real server over stdio with a protocol client (pygls), opens files of a generated
corpus (benchmarks/corpus.py: `common.ib` imported by every recipe file) and measures, with the
server's debounce set to 0 so only the work is timed:

- open: the first open, a whole-project lint (parse, compile, every rule);
- keystroke in a recipe file: the file and the files importing it are linted (here: itself);
- keystroke in common.ib: every file imports it, so every file is linted again;
- save: a whole-project lint with the trees of unchanged files reused;
- hover and completion answered while idle, and hover while a whole-project lint runs.

    python benchmarks/lsp.py --files 1000 --changes 10

`measure(files, changes)` returns the medians in seconds, for benchmarks/bench.py.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402


async def _measure(files: int, changes: int) -> dict[str, float]:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("ibdsl-lsp-benchmark", "1")
    arrived: dict[str, asyncio.Event] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        event = arrived.get(params.uri)
        if event is not None:
            event.set()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def log(params) -> None:
        pass

    with tempfile.TemporaryDirectory() as directory:
        ib, _cfn = write_corpus(Path(directory), files)
        await client.start_io(sys.executable, "-m", "ibdsl", "lsp")
        await client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(), root_uri=ib.as_uri(), initialization_options={"debounceMs": 0}
            )
        )
        client.initialized(types.InitializedParams())
        recipe = ib / "recipe-0.ib"
        common = ib / "common.ib"

        async def timed(uri: str, send) -> float:
            arrived[uri] = asyncio.Event()
            start = time.perf_counter()
            send()
            await asyncio.wait_for(arrived[uri].wait(), timeout=600)
            return time.perf_counter() - start

        def open_(path: Path) -> None:
            item = types.TextDocumentItem(uri=path.as_uri(), language_id="ibdsl", version=1, text=path.read_text())
            client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))

        def change(path: Path, text: str, version: int):
            def send() -> None:
                client.text_document_did_change(
                    types.DidChangeTextDocumentParams(
                        text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
                        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
                    )
                )

            return send

        results: dict[str, list[float]] = {"open": [await timed(recipe.as_uri(), lambda: open_(recipe))]}
        text = recipe.read_text()
        results["keystroke in a recipe file"] = [
            await timed(recipe.as_uri(), change(recipe, text + "#" * (n + 1) + "\n", n + 2)) for n in range(changes)
        ]
        if files > 1:
            await timed(common.as_uri(), lambda: open_(common))
            shared = common.read_text()
            results["keystroke in common.ib (imported by all)"] = [
                await timed(common.as_uri(), change(common, shared + "#" * (n + 1) + "\n", n + 2))
                for n in range(max(1, changes // 3))
            ]
        results["save (whole project)"] = []
        for n in range(max(1, changes // 3)):
            params = types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=recipe.as_uri()))
            results["save (whole project)"].append(
                await timed(recipe.as_uri(), lambda params=params: client.text_document_did_save(params))
            )
        lines = text.split("\n")
        member = next(number for number, line in enumerate(lines) if "volume_size" in line)
        position = types.Position(line=member, character=lines[member].index("volume_size") + 2)
        for name, request in (
            ("hover", lambda: client.text_document_hover_async(
                types.HoverParams(text_document=types.TextDocumentIdentifier(uri=recipe.as_uri()), position=position))),
            ("completion", lambda: client.text_document_completion_async(
                types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=recipe.as_uri()), position=position))),
        ):  # fmt: skip
            results[name] = []
            for _ in range(changes):
                start = time.perf_counter()
                await request()
                results[name].append(time.perf_counter() - start)
        if files > 1:
            # Requests answered while a whole-project lint runs in the server's worker thread.
            results["hover during a whole-project lint"] = []
            for n in range(max(1, changes // 3)):
                arrived[common.as_uri()] = asyncio.Event()
                change(common, shared + "/" * (n + 1) + "\n", 100 + n)()
                await asyncio.sleep(0.05)
                start = time.perf_counter()
                await results_request(client, types, recipe, position)
                results["hover during a whole-project lint"].append(time.perf_counter() - start)
                await asyncio.wait_for(arrived[common.as_uri()].wait(), timeout=600)
        peak = _peak_mib(client._server.pid)  # the server's own memory, from Linux's /proc
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    medians = {name: statistics.median(times) for name, times in results.items()}
    if peak is not None:
        medians["server peak memory (MiB)"] = peak
    return medians


def _peak_mib(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


async def results_request(client, types, recipe: Path, position) -> None:
    document = types.TextDocumentIdentifier(uri=recipe.as_uri())
    await client.text_document_hover_async(types.HoverParams(text_document=document, position=position))


def measure(files: int = 1000, changes: int = 10) -> dict[str, float]:
    """Median seconds per operation on a corpus of `files` files, and the server's peak memory
    in MiB where Linux's /proc tells it."""
    return asyncio.run(_measure(files, changes))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=10, help="keystrokes measured per case (default 10)")
    args = parser.parse_args(argv)
    medians = measure(args.files, args.changes)
    print(f"{'ibdsl lsp, ' + str(args.files) + ' files':<44} median ms")
    for name, value in medians.items():
        print(f"{name:<44} {value if 'MiB' in name else value * 1000:9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
