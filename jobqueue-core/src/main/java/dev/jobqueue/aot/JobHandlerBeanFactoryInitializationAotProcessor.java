package dev.jobqueue.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobContext;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * {@link BeanFactoryInitializationAotProcessor} that finds the {@link JobHandler} methods
 * of the application's beans at build time, as {@code JobHandlerBeanPostProcessor} finds
 * them at run time, and registers what a native image needs to call them: invocation of
 * each method, and binding hints ({@link BindingReflectionHintsRegistrar}, as for Spring
 * MVC's {@code @RequestBody}) for its payload parameter and its return type, which the
 * payload converter's Jackson mapper reads and writes. Registered in
 * {@code META-INF/spring/aot.factories}.
 */
public final class JobHandlerBeanFactoryInitializationAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		List<Method> handlers = new ArrayList<>();
		for (Class<?> beanClass : beanClasses(beanFactory)) {
			handlers.addAll(
					MethodIntrospector
						.selectMethods(beanClass,
								(MethodIntrospector.MetadataLookup<JobHandler>) (method) -> AnnotatedElementUtils
									.findMergedAnnotation(method, JobHandler.class))
						.keySet());
		}
		if (handlers.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> registerHints(generationContext.getRuntimeHints().reflection(), handlers);
	}

	private static void registerHints(ReflectionHints reflection, List<Method> handlers) {
		BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
		for (Method handler : handlers) {
			reflection.registerMethod(handler, ExecutableMode.INVOKE);
			binding.registerReflectionHints(reflection, boundTypes(handler));
		}
	}

	/**
	 * The classes of the bean definitions, as the context will make them: for a
	 * {@code @Bean} method, its return type.
	 * @param beanFactory the bean factory being processed
	 * @return the user classes, each once
	 */
	static Set<Class<?>> beanClasses(ConfigurableListableBeanFactory beanFactory) {
		Set<Class<?>> beanClasses = new LinkedHashSet<>();
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			Class<?> beanClass = RegisteredBean.of(beanFactory, beanName).getBeanClass();
			beanClasses.add(ClassUtils.getUserClass(beanClass));
		}
		return beanClasses;
	}

	/**
	 * The types the payload converter reads and writes for a handler: its parameters but
	 * the {@link JobContext}, and its return type unless void.
	 * @param handler the method
	 * @return the types, generic where declared so
	 */
	static Type[] boundTypes(Method handler) {
		List<Type> types = new ArrayList<>();
		Class<?>[] classes = handler.getParameterTypes();
		Type[] generic = handler.getGenericParameterTypes();
		for (int i = 0; i < classes.length; i++) {
			if (classes[i] != JobContext.class) {
				types.add(generic[i]);
			}
		}
		if (handler.getReturnType() != void.class) {
			types.add(handler.getGenericReturnType());
		}
		return types.toArray(Type[]::new);
	}

}
