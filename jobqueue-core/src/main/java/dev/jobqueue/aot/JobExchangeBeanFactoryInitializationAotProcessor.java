package dev.jobqueue.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.jobqueue.JobOptions;
import dev.jobqueue.exchange.JobExchange;
import dev.jobqueue.exchange.JobExchangeProxyFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * {@link BeanFactoryInitializationAotProcessor} that registers what a native image needs
 * for the beans made by {@link JobExchangeProxyFactory}: for every bean whose type is an
 * interface with {@link JobExchange} on it or on one of its methods, a JDK proxy of the
 * interface, its public methods (the factory reads their annotations and parameter names
 * when it makes the proxy, and calls the default ones), and binding hints for the payload
 * parameters (all but {@link JobOptions}), which the payload converter's Jackson mapper
 * writes. The bean's type is the return type of the {@code @Bean} method that calls
 * {@code createClient}, so declare that method with the interface as its return type.
 * Registered in {@code META-INF/spring/aot.factories}.
 */
public final class JobExchangeBeanFactoryInitializationAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		Set<Class<?>> exchanges = new LinkedHashSet<>();
		for (Class<?> beanClass : JobHandlerBeanFactoryInitializationAotProcessor.beanClasses(beanFactory)) {
			if (isExchange(beanClass)) {
				exchanges.add(beanClass);
			}
		}
		if (exchanges.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> registerHints(generationContext.getRuntimeHints(), exchanges);
	}

	static boolean isExchange(Class<?> type) {
		if (!type.isInterface()) {
			return false;
		}
		if (AnnotatedElementUtils.hasAnnotation(type, JobExchange.class)) {
			return true;
		}
		for (Method method : type.getMethods()) {
			if (AnnotatedElementUtils.hasAnnotation(method, JobExchange.class)) {
				return true;
			}
		}
		return false;
	}

	private static void registerHints(RuntimeHints hints, Set<Class<?>> exchanges) {
		BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
		for (Class<?> exchange : exchanges) {
			hints.proxies().registerJdkProxy(exchange);
			hints.reflection().registerType(exchange, MemberCategory.INVOKE_PUBLIC_METHODS);
			for (Method method : exchange.getMethods()) {
				if (Modifier.isAbstract(method.getModifiers())) {
					binding.registerReflectionHints(hints.reflection(), payloadTypes(method));
				}
			}
		}
	}

	/**
	 * The types an enqueue method's payload is made of: its parameters but the
	 * {@link JobOptions}.
	 * @param method the method
	 * @return the types, generic where declared so
	 */
	static Type[] payloadTypes(Method method) {
		List<Type> types = new ArrayList<>();
		Class<?>[] classes = method.getParameterTypes();
		Type[] generic = method.getGenericParameterTypes();
		for (int i = 0; i < classes.length; i++) {
			if (classes[i] != JobOptions.class) {
				types.add(generic[i]);
			}
		}
		return types.toArray(Type[]::new);
	}

}
