package dev.jobqueue.test;

/**
 * The JVM-wide shared server: delegates everything, but {@link #close()} does nothing and
 * stop, kill and restart throw, so that one test cannot take the server away from the
 * others; a shutdown hook stops it.
 */
final class SharedRedisServer extends AbstractRedisTestServer {

	private final AbstractRedisTestServer delegate;

	private final String how;

	SharedRedisServer(AbstractRedisTestServer delegate, String how) {
		this.delegate = delegate;
		this.how = how;
	}

	AbstractRedisTestServer delegate() {
		return delegate;
	}

	/** How the server was found, as logged. */
	String how() {
		return how;
	}

	@Override
	RedisEndpoint endpoint() {
		return delegate.endpoint();
	}

	@Override
	public String version() {
		return delegate.version();
	}

	@Override
	public String source() {
		return delegate.source();
	}

	@Override
	public boolean owned() {
		return delegate.owned();
	}

	@Override
	public void stop() {
		throw shared();
	}

	@Override
	public void kill() {
		throw shared();
	}

	@Override
	public void restart() {
		throw shared();
	}

	@Override
	public void close() {
		// the shared server lives until the JVM exits
	}

	private UnsupportedOperationException shared() {
		return new UnsupportedOperationException("The shared Redis (" + delegate
				+ ") is stopped by a shutdown hook only; use RedisTestServers.startOwned(...) to stop, kill or restart one");
	}

}
