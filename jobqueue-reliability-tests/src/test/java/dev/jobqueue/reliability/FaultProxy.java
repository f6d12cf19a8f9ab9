package dev.jobqueue.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port in front of a Redis server, with the network faults a
 * killed process cannot show: a black hole (bytes stop flowing both ways but every socket
 * stays open, as when a route or a firewall drops packets) and added latency on every
 * chunk in both directions. Bytes held during a hole are delivered, in order, when it
 * closes, as TCP retransmission would deliver them.
 */
final class FaultProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object gate = new Object();

	private final AtomicLong forwardedChunks = new AtomicLong();

	private volatile boolean blackHole;

	private volatile long latencyNanos;

	private volatile boolean closed;

	private FaultProxy(ServerSocket server, String targetHost, int targetPort) {
		this.server = server;
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		daemon("fault-proxy-accept-" + port(), this::accept).start();
	}

	/**
	 * Starts forwarding a free loopback port to the target.
	 * @param targetHost the Redis host
	 * @param targetPort the Redis port
	 * @return the running proxy
	 */
	static FaultProxy start(String targetHost, int targetPort) {
		try {
			ServerSocket server = new ServerSocket();
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return new FaultProxy(server, targetHost, targetPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open the proxy's port", ex);
		}
	}

	/** The port clients connect to. */
	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Stops or resumes forwarding. While the hole is open, new connections are accepted
	 * (the SYN is answered, as by a half-dead route) but carry nothing, and no socket is
	 * closed, so clients see neither an error nor a reply until their own timeouts fire.
	 * @param on whether bytes stop flowing
	 */
	void blackHole(boolean on) {
		synchronized (this.gate) {
			this.blackHole = on;
			this.gate.notifyAll();
		}
	}

	/**
	 * Delays every chunk in both directions by the given time, so a round trip costs
	 * twice that; order is kept.
	 * @param latency the one-way delay, zero for none
	 */
	void latency(Duration latency) {
		this.latencyNanos = latency.toNanos();
	}

	/** Chunks forwarded so far in either direction. */
	long forwardedChunks() {
		return this.forwardedChunks.get();
	}

	/** Connections accepted so far. */
	int connections() {
		return this.sockets.size() / 2;
	}

	@Override
	public void close() {
		this.closed = true;
		blackHole(false);
		closeQuietly(this.server);
		this.sockets.forEach(FaultProxy::closeQuietly);
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				client.setTcpNoDelay(true);
				Socket target = new Socket(this.targetHost, this.targetPort);
				target.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(target);
				pipe(client, target, "up");
				pipe(target, client, "down");
			}
			catch (IOException ex) {
				if (!this.closed) {
					InProcessWorkers.sleep(10);
				}
			}
		}
	}

	/**
	 * One direction of one connection: a reader that stamps each chunk with its due time
	 * and a writer that delivers it when it is due and no hole is open.
	 */
	private void pipe(Socket from, Socket to, String direction) {
		BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
		String name = "fault-proxy-" + from.getPort() + "-" + direction;
		daemon(name + "-read", () -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					chunks.add(new Chunk(Arrays.copyOf(buffer, read), System.nanoTime() + this.latencyNanos));
				}
			}
			catch (IOException ex) {
				// the peer or close() ended the connection
			}
			chunks.add(Chunk.END);
		}).start();
		daemon(name + "-write", () -> {
			try (OutputStream out = to.getOutputStream()) {
				while (true) {
					Chunk chunk = chunks.take();
					if (chunk == Chunk.END) {
						break;
					}
					long wait = chunk.due - System.nanoTime();
					if (wait > 0) {
						TimeUnit.NANOSECONDS.sleep(wait);
					}
					awaitNoHole();
					out.write(chunk.bytes);
					out.flush();
					this.forwardedChunks.incrementAndGet();
				}
			}
			catch (IOException | InterruptedException ex) {
				// the peer or close() ended the connection
			}
			closeQuietly(from);
			closeQuietly(to);
		}).start();
	}

	private void awaitNoHole() throws InterruptedException {
		synchronized (this.gate) {
			while (this.blackHole && !this.closed) {
				this.gate.wait();
			}
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	private record Chunk(byte[] bytes, long due) {

		static final Chunk END = new Chunk(new byte[0], 0);

	}

}
