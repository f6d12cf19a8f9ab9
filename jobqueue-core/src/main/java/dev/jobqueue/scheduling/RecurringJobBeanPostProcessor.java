package dev.jobqueue.scheduling;

import java.lang.reflect.Method;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.annotation.JobHandlerConfigUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.EmbeddedValueResolver;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.StringUtils;

/**
 * Finds {@link RecurringJob} methods on beans and turns each into a {@link JobSchedule}
 * on the queue of the method's {@link JobHandler}, failing at startup with the method's
 * name when an attribute is invalid. Its {@link #getSchedules()} feeds a
 * {@link RecurringJobScheduler}.
 */
public final class RecurringJobBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private final List<JobSchedule> schedules = Collections.synchronizedList(new ArrayList<>());

	/** Resolves placeholders, then expressions, as Spring resolves {@code @Scheduled}. */
	private @Nullable EmbeddedValueResolver valueResolver;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			this.valueResolver = new EmbeddedValueResolver(configurable);
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		Map<Method, RecurringJob> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<RecurringJob>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, RecurringJob.class));
		annotated.forEach((method, recurring) -> {
			JobSchedule schedule = schedule(method, recurring);
			if (schedule != null) {
				this.schedules.add(schedule);
			}
		});
		return bean;
	}

	private @Nullable JobSchedule schedule(Method method, RecurringJob recurring) {
		String where = "@RecurringJob " + method.getDeclaringClass().getName() + "." + method.getName();
		JobHandler handler = AnnotatedElementUtils.findMergedAnnotation(method, JobHandler.class);
		if (handler == null || !StringUtils.hasText(resolve(handler.queue()))) {
			throw new IllegalStateException(where + " must sit on a @JobHandler method with a queue");
		}
		String queue = resolve(handler.queue());
		String cron = resolve(recurring.cron()).trim();
		String rate = resolve(recurring.rate()).trim();
		if (RecurringJob.DISABLED.equals(cron) || RecurringJob.DISABLED.equals(rate)) {
			return null;
		}
		if (cron.isEmpty() == rate.isEmpty()) {
			throw new IllegalStateException(where + " needs exactly one of cron and rate");
		}
		String name = resolve(recurring.name());
		if (name.isBlank()) {
			name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
		}
		String payload = resolve(recurring.payload());
		if (payload.isBlank()) {
			String kind = resolve(handler.kind());
			payload = kind.isBlank() ? "{}" : "{\"kind\":\"" + kind.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
		}
		MissedTickPolicy policy = policy(where, resolve(recurring.missedTicks()));
		try {
			if (!cron.isEmpty()) {
				String zone = resolve(recurring.zone());
				return JobSchedule
					.cron(name, queue, cron, zone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zone.trim()), payload)
					.withMissedTicks(policy);
			}
			Duration every = DurationFormatterUtils.detectAndParse(rate);
			return JobSchedule.fixedRate(name, queue, every, payload).withMissedTicks(policy);
		}
		catch (IllegalArgumentException | DateTimeException ex) {
			throw new IllegalStateException(where + ": " + ex.getMessage(), ex);
		}
	}

	private static MissedTickPolicy policy(String where, String value) {
		String normalized = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		return switch (normalized) {
			case "", "run-once" -> MissedTickPolicy.RUN_ONCE;
			case "skip" -> MissedTickPolicy.SKIP;
			default ->
				throw new IllegalStateException(where + " missedTicks must be run-once or skip, was '" + value + "'");
		};
	}

	private String resolve(String value) {
		return JobHandlerConfigUtils.resolve(this.valueResolver, value);
	}

	/**
	 * Returns the schedules found so far.
	 * @return the schedules, in the order their beans were initialized
	 */
	public List<JobSchedule> getSchedules() {
		synchronized (this.schedules) {
			return List.copyOf(this.schedules);
		}
	}

}
